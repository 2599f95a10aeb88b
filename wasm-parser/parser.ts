// The wasm-parser engine: copies a message into wasm memory once, lets the
// AssemblyScript code build the MIME tree and decode every body there, then
// reads the tree back through views and assembles postal-mime's Email from it
// with postal-mime's own rules (see message-assembly.ts).
import type { Email, Header } from "postal-mime";
import { charsetContext, getDecoder } from "./charsets";
import { decodeParameterValueContinuations, decodeWords, wordsContext, type StructuredHeader } from "./decode-strings";
import { MessageAssembly, type PartNode, type PartSource, type TextEntry } from "./message-assembly";
import { ERR, H, N, P, R, S, SEG } from "./layout";
import { fromPostalMime } from "../src/mail/postal";
import type { ParsedMail } from "../src/contract/parsed-mail";

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

const headerDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
const textEncoder = new TextEncoder();

export class WasmMimeParser implements PartSource {
  private instance: Exports | null = null;
  private u8 = new Uint8Array(0);
  private i32 = new Int32Array(0);

  constructor(private readonly module: WebAssembly.Module) {}

  private get wasm(): Exports {
    if (!this.instance) {
      this.instance = new WebAssembly.Instance(this.module, {}).exports as unknown as Exports;
    }
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

  /** Parses one raw message. Throws WasmParserLimit past a limit, or the wasm trap. */
  parse(raw: Uint8Array, options: Partial<WasmParserOptions> = {}): Email & { warnings: string[] } {
    const opts = validOptions(options);
    const warnings: string[] = [];
    try {
      const ptr = this.copyIn(raw);
      return this.withContext(warnings, () => {
        const email = this.parseRegion(ptr, raw.length, 0, opts);
        return Object.assign(email, { warnings });
      });
    } catch (err) {
      // a trap leaves the instance in an unknown state; start over next time
      this.instance = null;
      throw err;
    } finally {
      if (this.instance && this.instance.memory.buffer.byteLength > opts.maxRetainedMemory) this.instance = null;
    }
  }

  /** Parses one raw message into the project's ParsedMail (parser: "wasm-parser"). */
  parseMail(raw: Uint8Array, options: Partial<WasmParserOptions> = {}): ParsedMail {
    const email = this.parse(raw, options);
    return { ...fromPostalMime(email), parser: "wasm-parser", warnings: email.warnings };
  }

  /** Resets the arena and copies the message into wasm memory: the one copy in. */
  copyIn(raw: Uint8Array): number {
    const ptr = this.wasm.begin(raw.length);
    this.views();
    this.u8.set(raw, ptr);
    return ptr;
  }

  /** RFC 2047 decoding of one header value, exposed for tests. */
  decodeWords(str: string, warnings: string[] = []): string {
    return this.withContext(warnings, () => decodeWords(str));
  }

  /** UTF-7 to string, exposed for tests. */
  decodeUtf7(bytes: Uint8Array): string {
    const wasm = this.wasm;
    const m = wasm.mark();
    try {
      const p = wasm.allocate(bytes.length);
      this.views();
      this.u8.set(bytes, p);
      return this.utf7At(p, bytes.length);
    } finally {
      wasm.release(m);
    }
  }

  private withContext<T>(warnings: string[], fn: () => T): T {
    const prev = { w: charsetContext.warnings, u: charsetContext.utf7, d: wordsContext.decode };
    charsetContext.warnings = warnings;
    charsetContext.utf7 = (bytes) => this.utf7Of(bytes);
    wordsContext.decode = (str) => this.wordsOf(str);
    try {
      return fn();
    } finally {
      charsetContext.warnings = prev.w;
      charsetContext.utf7 = prev.u;
      wordsContext.decode = prev.d;
    }
  }

  private utf7At(p: number, len: number): string {
    const res = this.wasm.decodeUtf7(p, len);
    this.views();
    const out = this.i32[res >> 2];
    return headerDecoder.decode(this.u8.subarray(out, out + this.i32[(res >> 2) + 1]));
  }

  private utf7Of(bytes: Uint8Array): string {
    // content already in wasm memory is decoded where it lies
    if (bytes.buffer === this.wasm.memory.buffer) return this.utf7At(bytes.byteOffset, bytes.length);
    return this.decodeUtf7(bytes);
  }

  private wordsOf(str: string): string {
    const wasm = this.wasm;
    const bytes = textEncoder.encode(str);
    const m = wasm.mark();
    try {
      const p = wasm.allocate(bytes.length);
      this.views();
      this.u8.set(bytes, p);
      const joined = this.renderWords(p, bytes.length, true);
      // a replacement character: words were joined that should stay apart
      return joined.indexOf("\ufffd") < 0 ? joined : this.renderWords(p, bytes.length, false);
    } finally {
      wasm.release(m);
    }
  }

  private renderWords(p: number, len: number, join: boolean): string {
    const segs = this.wasm.decodeWords(p, len, join ? 1 : 0) >> 2;
    this.views();
    const i32 = this.i32;
    const u8 = this.u8;
    let out = "";
    for (let i = 0, n = i32[segs]; i < n; i++) {
      const s = segs + 1 + i * SEG.SIZE;
      const a = i32[s + SEG.A];
      if (i32[s + SEG.KIND] === 0) {
        out += headerDecoder.decode(u8.subarray(a, a + i32[s + SEG.A_LEN]));
      } else {
        const charset = headerDecoder.decode(u8.subarray(a, a + i32[s + SEG.A_LEN]));
        const b = i32[s + SEG.B];
        out += getDecoder(charset).decode(u8.subarray(b, b + i32[s + SEG.B_LEN]));
      }
    }
    return out;
  }

  private str(p: number, len: number): string {
    return len > 0 ? headerDecoder.decode(this.u8.subarray(p, p + len)) : "";
  }

  private structured(rec: number): StructuredHeader {
    const i32 = this.i32;
    const r = rec >> 2;
    const header: StructuredHeader = { value: this.str(i32[r + S.VALUE], i32[r + S.VALUE_LEN]), params: {} };
    let continuations = false;
    for (let p = i32[r + S.PARAMS]; p; p = i32[(p >> 2) + P.NEXT]) {
      const q = p >> 2;
      const key = this.str(i32[q + P.KEY], i32[q + P.KEY_LEN]);
      if (!Object.prototype.hasOwnProperty.call(header.params, key)) {
        header.params[key] = this.str(i32[q + P.VALUE], i32[q + P.VALUE_LEN]);
        if (key.includes("*")) continuations = true;
      }
    }
    if (continuations) decodeParameterValueContinuations(header);
    return header;
  }

  /** Reads the node records of one parse into a tree. */
  private readTree(result: number): PartNode {
    this.views();
    const i32 = this.i32;
    const r = result >> 2;
    const byPtr = new Map<number, PartNode>();
    let root: PartNode | null = null;
    for (let ptr = i32[r + R.ROOT]; ptr; ptr = i32[(ptr >> 2) + N.NEXT]) {
      const n = ptr >> 2;
      const headers: Header[] = [];
      for (let h = i32[n + N.HEADERS]; h; h = i32[(h >> 2) + H.NEXT]) {
        const q = h >> 2;
        const key = this.str(i32[q + H.KEY], i32[q + H.KEY_LEN]);
        headers.push({ key: key.toLowerCase(), originalKey: key, value: this.str(i32[q + H.VALUE], i32[q + H.VALUE_LEN]) } as Header);
      }
      const ct = this.structured(i32[n + N.CT]);
      const parent = byPtr.get(i32[n + N.PARENT]) ?? null;
      const node: PartNode = {
        parent,
        children: [],
        headers,
        contentType: {
          value: ct.value,
          params: ct.params,
          multipart: i32[n + N.MULTIPART] ? this.str(i32[n + N.SUBTYPE], i32[n + N.SUBTYPE_LEN]) : false,
        },
        contentDisposition: this.structured(i32[n + N.CD]),
        content: i32[n + N.CONTENT],
        contentLength: i32[n + N.CONTENT_LEN],
      };
      if (i32[n + N.CID_LEN] >= 0) node.contentId = this.str(i32[n + N.CID], i32[n + N.CID_LEN]);
      if (i32[n + N.CDESC_LEN] >= 0) node.contentDescription = this.str(i32[n + N.CDESC], i32[n + N.CDESC_LEN]);
      if (parent) parent.children.push(node);
      else root = node;
      byPtr.set(ptr, node);
    }
    return root!;
  }

  private parseRegion(ptr: number, len: number, rfc822Depth: number, opts: WasmParserOptions): Email {
    const result = this.wasm.parse(ptr, len, opts.maxDepth, opts.maxParts, opts.maxHeaderBytes);
    this.views();
    const error = this.i32[(result >> 2) + R.ERROR] as keyof typeof ERR | 0;
    if (error) throw new WasmParserLimit(ERR[error]);
    const root = this.readTree(result);
    return new MessageAssembly(this, root, rfc822Depth, opts).build();
  }

  /** @internal */ subMessage(node: PartNode, rfc822Depth: number, opts: WasmParserOptions): Email & { textMap: Map<PartNode, TextEntry> } {
    const result = this.wasm.parse(node.content, node.contentLength, opts.maxDepth, opts.maxParts, opts.maxHeaderBytes);
    this.views();
    const error = this.i32[(result >> 2) + R.ERROR] as keyof typeof ERR | 0;
    if (error) throw new WasmParserLimit(ERR[error]);
    const assembly = new MessageAssembly(this, this.readTree(result), rfc822Depth, opts);
    return Object.assign(assembly.build(), { textMap: assembly.textMap });
  }

  /** @internal */ bytes(node: PartNode): Uint8Array {
    this.views();
    return this.u8.subarray(node.content, node.content + node.contentLength);
  }
}
