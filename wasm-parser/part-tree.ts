// Reads the records one wasm parse wrote (layout.ts) into what the assembly
// needs: the message's own headers, and its leaf parts in document order,
// each with its content headers, its body's place in wasm memory and the
// group its text belongs to. Multipart parts are only read for their subtype.
import type { ParsedHeader } from "../src/contract/parsed-mail";
import {
  H_KEY,
  H_KEY_LEN,
  H_NEXT,
  H_VALUE,
  H_VALUE_LEN,
  N_CD,
  N_CID,
  N_CID_LEN,
  N_CONTENT,
  N_CONTENT_LEN,
  N_CT,
  N_HEADERS,
  N_MULTIPART,
  N_NEXT,
  N_PARENT,
  N_SUBTYPE,
  N_SUBTYPE_LEN,
  P_KEY,
  P_KEY_LEN,
  P_NEXT,
  P_VALUE,
  P_VALUE_LEN,
  R_ROOT,
  S_PARAMS,
  S_VALUE,
  S_VALUE_LEN,
} from "./layout";
import { joinParameterContinuations } from "./parameter-continuations";

/** A structured header: lower-cased value, parameters by lower-cased name. */
export interface ContentHeader {
  value: string;
  params: Record<string, string>;
}

export interface LeafPart {
  /** address of the part's record: names the part within one top-level parse */
  id: number;
  /** the id of the closest multipart/alternative around the part, else its own */
  textGroup: number;
  contentType: ContentHeader;
  disposition: ContentHeader;
  contentId: string | null;
  /** decoded body: offset and length in wasm memory */
  body: number;
  bodyLength: number;
}

export interface PartTree {
  headers: ParsedHeader[];
  leaves: LeafPart[];
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

export class PartTreeReader {
  constructor(
    private readonly u8: Uint8Array,
    private readonly i32: Int32Array,
  ) {}

  field(record: number, offset: number): number {
    return this.i32[(record + offset) >> 2];
  }

  private text(record: number, ptrOffset: number, lenOffset: number): string {
    const len = this.field(record, lenOffset);
    if (len <= 0) return "";
    const ptr = this.field(record, ptrOffset);
    return utf8.decode(this.u8.subarray(ptr, ptr + len));
  }

  private headers(part: number): ParsedHeader[] {
    const out: ParsedHeader[] = [];
    for (let h = this.field(part, N_HEADERS); h; h = this.field(h, H_NEXT)) {
      out.push({ key: this.text(h, H_KEY, H_KEY_LEN).toLowerCase(), value: this.text(h, H_VALUE, H_VALUE_LEN) });
    }
    return out;
  }

  contentHeader(record: number): ContentHeader {
    const header: ContentHeader = { value: this.text(record, S_VALUE, S_VALUE_LEN), params: {} };
    let sectioned = false;
    for (let p = this.field(record, S_PARAMS); p; p = this.field(p, P_NEXT)) {
      const key = this.text(p, P_KEY, P_KEY_LEN);
      // the first of a repeated parameter counts
      if (Object.hasOwn(header.params, key)) continue;
      header.params[key] = this.text(p, P_VALUE, P_VALUE_LEN);
      if (key.includes("*")) sectioned = true;
    }
    if (sectioned) joinParameterContinuations(header.params);
    return header;
  }

  /** The tree of the parse whose result record is at `result`. */
  read(result: number): PartTree {
    const root = this.field(result, R_ROOT);
    const leaves: LeafPart[] = [];
    // for each multipart part: the alternative its children's text belongs to, 0 for none
    const childGroup = new Map<number, number>();
    for (let part = root; part; part = this.field(part, N_NEXT)) {
      const inherited = childGroup.get(this.field(part, N_PARENT)) ?? 0;
      if (this.field(part, N_MULTIPART)) {
        const alternative = this.text(part, N_SUBTYPE, N_SUBTYPE_LEN) === "alternative";
        childGroup.set(part, alternative ? part : inherited);
        continue;
      }
      leaves.push({
        id: part,
        textGroup: inherited || part,
        contentType: this.contentHeader(this.field(part, N_CT)),
        disposition: this.contentHeader(this.field(part, N_CD)),
        contentId: this.field(part, N_CID_LEN) > 0 ? this.text(part, N_CID, N_CID_LEN) : null,
        body: this.field(part, N_CONTENT),
        bodyLength: this.field(part, N_CONTENT_LEN),
      });
    }
    return { headers: this.headers(root), leaves };
  }
}
