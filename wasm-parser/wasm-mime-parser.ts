// The wasm-parser engine: copies a message into wasm memory once, lets the
// AssemblyScript code build the part tree and decode every body there, reads
// the tree back (part-tree.ts) and assembles the ParsedMail (mail-assembly.ts).
// Also the TypeScript half of header decoding: wasm splits encoded words and
// decodes their bytes, the word's charset turns them into text here.
import type { ParsedMail } from "../src/contract/parsed-mail";
import { charsetContext, getDecoder } from "./charsets";
import {
  ERR_DEPTH,
  ERR_HEADER_SIZE,
  ERR_INTERNAL,
  ERR_PARTS,
  R_ERROR,
  RANGE_LEN,
  RANGE_PTR,
  SEG_A,
  SEG_A_LEN,
  SEG_B,
  SEG_B_LEN,
  SEG_FIRST,
  SEG_KIND,
  SEG_SIZE,
  SEG_TEXT,
} from "./layout";
import { assembleMail, type PartSource } from "./mail-assembly";
import { type MimeStructure, readStructure } from "./mime-structure";
import { type LeafPart, type PartTree, PartTreeReader } from "./part-tree";

export interface WasmParserOptions {
  /** deepest multipart nesting inside one message (root is 0) */
  maxDepth: number;
  /** parts in one message, nested messages included */
  maxParts: number;
  /** header bytes of one message (all its parts), as postal-mime counts them */
  maxHeaderBytes: number;
  /** inline message/rfc822 levels parsed; deeper ones stay attachments (postal-mime: 10) */
  maxMessageDepth: number;
  /** wasm memory above this is released after a parse by dropping the instance */
  maxRetainedMemory: number;
}

export const defaultWasmParserOptions: Readonly<WasmParserOptions> = Object.freeze({
  maxDepth: 64,
  maxParts: 10_000,
  maxHeaderBytes: 2 * 1024 * 1024,
  maxMessageDepth: 10,
  maxRetainedMemory: 16 * 1024 * 1024,
});

/** Defaults filled in; a limit that is not a non-negative integer is refused rather than ignored. */
function validOptions(options: Partial<WasmParserOptions>): WasmParserOptions {
  const opts = { ...defaultWasmParserOptions, ...options };
  for (const key of Object.keys(defaultWasmParserOptions) as (keyof WasmParserOptions)[]) {
    const value = opts[key];
    if (!Number.isInteger(value) || value < 0) throw new TypeError(`wasm-parser: ${key} must be a non-negative integer`);
    opts[key] = Math.min(value, 0x7fffffff); // the wasm side takes i32
  }
  return opts;
}

const LIMIT_NAMES: Record<number, string> = {
  [ERR_DEPTH]: "depth",
  [ERR_PARTS]: "part",
  [ERR_HEADER_SIZE]: "header size",
  [ERR_INTERNAL]: "internal",
};

/** A configured limit stopped the parse; the caller falls back to postal-mime. */
export class WasmParserLimit extends Error {
  constructor(readonly limit: string) {
    super(`${limit} limit exceeded`);
    this.name = "WasmParserLimit";
  }
}

interface Exports {
  memory: WebAssembly.Memory;
  begin(length: number): number;
  allocate(length: number): number;
  mark(): number;
  release(p: number): void;
  parse(ptr: number, len: number, maxDepth: number, maxParts: number, maxHeaderBytes: number): number;
  decodeWords(ptr: number, len: number, join: number): number;
  decodeUtf7(ptr: number, len: number): number;
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const utf8Encoder = new TextEncoder();

export class WasmMimeParser implements PartSource {
  private instance: Exports | null = null;
  private u8 = new Uint8Array(0);
  private i32 = new Int32Array(0);
  /** the limits of the parse under way, which nested messages share */
  private limits: WasmParserOptions = defaultWasmParserOptions;

  constructor(private readonly module: WebAssembly.Module) {}

  private get wasm(): Exports {
    this.instance ??= new WebAssembly.Instance(this.module, {}).exports as unknown as Exports;
    return this.instance;
  }

  /** Views over wasm memory, renewed after the memory grew. */
  private views(): void {
    const buffer = this.wasm.memory.buffer;
    if (this.u8.buffer !== buffer) {
      this.u8 = new Uint8Array(buffer);
      this.i32 = new Int32Array(buffer);
    }
  }

  /** Current wasm memory size in bytes (0 when no instance is live). */
  get memoryBytes(): number {
    return this.instance ? this.instance.memory.buffer.byteLength : 0;
  }

  /** Parses one raw message into ParsedMail. Throws WasmParserLimit past a limit, or the wasm trap. */
  parseMail(raw: Uint8Array, options: Partial<WasmParserOptions> = {}): ParsedMail {
    const opts = validOptions(options);
    const warnings: string[] = [];
    const saved = { warnings: charsetContext.warnings, utf7: charsetContext.utf7 };
    charsetContext.warnings = warnings;
    charsetContext.utf7 = (bytes) => this.utf7Text(bytes);
    this.limits = opts;
    try {
      const tree = this.parseRegion(this.copyIn(raw), raw.length);
      return { ...assembleMail(this, tree, opts.maxMessageDepth), parser: "wasm-parser", warnings };
    } catch (err) {
      // a trap leaves the instance in an unknown state; start over next time
      this.instance = null;
      throw err;
    } finally {
      charsetContext.warnings = saved.warnings;
      charsetContext.utf7 = saved.utf7;
      if (this.instance && this.instance.memory.buffer.byteLength > opts.maxRetainedMemory) this.instance = null;
    }
  }

  /** The raw layout of a message (mime-structure.ts): parts with byte ranges, for IMAP's BODYSTRUCTURE and sections. */
  structure(raw: Uint8Array, options: Partial<WasmParserOptions> = {}): MimeStructure {
    const opts = validOptions(options);
    this.limits = opts;
    try {
      const origin = this.copyIn(raw);
      const source = {
        parseAt: (ptr: number, len: number) => this.parseRecords(ptr, len),
        reader: () => new PartTreeReader(this.u8, this.i32),
      };
      return readStructure(source, raw, { ptr: origin, len: raw.length }, origin, opts.maxMessageDepth);
    } catch (err) {
      this.instance = null;
      throw err;
    } finally {
      if (this.instance && this.instance.memory.buffer.byteLength > opts.maxRetainedMemory) this.instance = null;
    }
  }

  /** Resets the arena and copies the message into wasm memory: the one copy in. */
  copyIn(raw: Uint8Array): number {
    const ptr = this.wasm.begin(raw.length);
    this.views();
    this.u8.set(raw, ptr);
    return ptr;
  }

  private parseRegion(ptr: number, len: number): PartTree {
    const result = this.parseRecords(ptr, len);
    return new PartTreeReader(this.u8, this.i32).read(result);
  }

  /** One wasm parse of `[ptr, ptr+len)`: the address of its result record. */
  private parseRecords(ptr: number, len: number): number {
    const { maxDepth, maxParts, maxHeaderBytes } = this.limits;
    const result = this.wasm.parse(ptr, len, maxDepth, maxParts, maxHeaderBytes);
    this.views();
    const error = this.i32[(result + R_ERROR) >> 2];
    if (error) throw new WasmParserLimit(LIMIT_NAMES[error] ?? "internal");
    return result;
  }

  /** @internal PartSource */
  body(part: LeafPart): Uint8Array {
    this.views();
    return this.u8.subarray(part.body, part.body + part.bodyLength);
  }

  /** @internal PartSource: the body of a message/rfc822 part is parsed where it lies. */
  nested(part: LeafPart): PartTree {
    return this.parseRegion(part.body, part.bodyLength);
  }

  /** Runs `fn` on a scratch copy of `bytes` in wasm memory, released afterwards. */
  private withScratch<T>(bytes: Uint8Array, fn: (ptr: number) => T): T {
    const wasm = this.wasm;
    const mark = wasm.mark();
    try {
      const ptr = wasm.allocate(bytes.length);
      this.views();
      this.u8.set(bytes, ptr);
      return fn(ptr);
    } finally {
      wasm.release(mark);
    }
  }

  /** UTF-7 to string, in wasm (workerd's TextDecoder has no UTF-7). */
  decodeUtf7(bytes: Uint8Array): string {
    return this.withScratch(bytes, (ptr) => this.utf7At(ptr, bytes.length));
  }

  private utf7At(ptr: number, len: number): string {
    const range = this.wasm.decodeUtf7(ptr, len);
    this.views();
    const out = this.i32[(range + RANGE_PTR) >> 2];
    return utf8.decode(this.u8.subarray(out, out + this.i32[(range + RANGE_LEN) >> 2]));
  }

  private utf7Text(bytes: Uint8Array): string {
    // a body already in wasm memory is decoded where it lies
    if (bytes.buffer === this.wasm.memory.buffer) return this.utf7At(bytes.byteOffset, bytes.length);
    return this.decodeUtf7(bytes);
  }

  /** @internal PartSource: RFC 2047 encoded words decoded, each with its own charset. */
  words(value: string): string {
    if (!value.includes("=?")) return value;
    const bytes = utf8Encoder.encode(value);
    return this.withScratch(bytes, (ptr) => {
      const len = bytes.length;
      const joined = this.wordsText(ptr, len, true);
      // a replacement character: words were joined that should have stayed apart
      return joined.includes("\ufffd") ? this.wordsText(ptr, len, false) : joined;
    });
  }

  private wordsText(ptr: number, len: number, join: boolean): string {
    const list = this.wasm.decodeWords(ptr, len, join ? 1 : 0);
    this.views();
    const field = (record: number, offset: number) => this.i32[(record + offset) >> 2];
    const bytes = (p: number, n: number) => this.u8.subarray(p, p + n);
    let out = "";
    for (let i = 0, count = field(list, 0); i < count; i++) {
      const seg = list + SEG_FIRST + i * SEG_SIZE;
      const a = bytes(field(seg, SEG_A), field(seg, SEG_A_LEN));
      if (field(seg, SEG_KIND) === SEG_TEXT) out += utf8.decode(a);
      else out += getDecoder(utf8.decode(a)).decode(bytes(field(seg, SEG_B), field(seg, SEG_B_LEN)));
    }
    return out;
  }
}
