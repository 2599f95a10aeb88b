// The raw layout of a message as one wasm parse sees it: every part (multiparts
// too) with the byte ranges of its header and body in the original bytes,
// its content headers, its children, and a message/rfc822 body parsed where
// it lies. What an IMAP server needs for BODYSTRUCTURE and BODY[section].
import {
  ENC_PASS,
  N_BODY_END,
  N_BODY_START,
  N_CD,
  N_CT,
  N_DIGEST_CHILD,
  N_ENCODING,
  N_FIRST_CHILD,
  N_HDR_END,
  N_HDR_START,
  N_MULTIPART,
  N_SIBLING,
  R_ROOT,
} from "./layout";
import type { ContentHeader, PartTreeReader } from "./part-tree";

export interface MimeStructure {
  /** offsets into the raw message: the part's first header line */
  start: number;
  /** where its body begins (after the blank line); the header's end when no blank line came */
  bodyStart: number;
  bodyEnd: number;
  /** lower-cased `type/subtype`; the default (text/plain, or message/rfc822 in a digest) when absent */
  contentType: ContentHeader;
  disposition: ContentHeader;
  /** a multipart's children, in order */
  parts: MimeStructure[];
  /** a message/rfc822 part's own message, read in place; null otherwise or past the depth limit */
  message: MimeStructure | null;
}

/** What the reader needs from the engine: a parse of `[ptr, ptr+len)` in wasm memory, and a reader over fresh views. */
export interface StructureSource {
  parseAt(ptr: number, len: number): number;
  reader(): PartTreeReader;
}

/**
 * Parses the region (wasm addresses) and reads its tree; offsets come back
 * relative to `origin`, where the raw message starts in wasm memory.
 */
export function readStructure(
  source: StructureSource,
  raw: Uint8Array,
  region: { ptr: number; len: number },
  origin: number,
  depthLeft: number,
): MimeStructure {
  const result = source.parseAt(region.ptr, region.len);
  const r = source.reader();
  const regionEnd = region.ptr + region.len - origin;
  const read = (node: number, parentEnd: number, digestChild: boolean): MimeStructure => {
    const hs = r.field(node, N_HDR_START);
    const he = r.field(node, N_HDR_END);
    const bs = r.field(node, N_BODY_START);
    const be = r.field(node, N_BODY_END);
    const bodyEnd = be >= 0 ? be - origin : parentEnd;
    // no blank line after the header: the body is empty, at the header's end
    const bodyStart = bs >= 0 ? bs - origin : he >= 0 ? he - origin : bodyEnd;
    const start = hs >= 0 ? hs - origin : blankLineStart(raw, bodyStart);
    const contentType = r.contentHeader(r.field(node, N_CT));
    if (!contentType.value) contentType.value = digestChild ? "message/rfc822" : "text/plain";
    const part: MimeStructure = {
      start,
      bodyStart,
      bodyEnd: Math.max(bodyStart, bodyEnd),
      contentType,
      disposition: r.contentHeader(r.field(node, N_CD)),
      parts: [],
      message: null,
    };
    // Only a body in 7bit/8bit/binary is the nested message's own bytes (RFC 2046 allows no other).
    if (r.field(node, N_ENCODING) === ENC_PASS) plain.add(part);
    if (r.field(node, N_MULTIPART)) {
      for (let child = r.field(node, N_FIRST_CHILD); child; child = r.field(child, N_SIBLING)) {
        part.parts.push(read(child, part.bodyEnd, r.field(child, N_DIGEST_CHILD) !== 0));
      }
    }
    return part;
  };
  const plain = new Set<MimeStructure>();
  const root = read(r.field(result, R_ROOT), regionEnd, false);
  // Nested messages after the whole tree is read: a new parse may grow memory under the views.
  const nest = (part: MimeStructure): void => {
    for (const child of part.parts) nest(child);
    if (part.contentType.value !== "message/rfc822" || depthLeft <= 0) return;
    if (!plain.has(part)) return;
    part.message = readStructure(source, raw, { ptr: origin + part.bodyStart, len: part.bodyEnd - part.bodyStart }, origin, depthLeft - 1);
  };
  nest(root);
  return root;
}

/** A part without header lines starts at its blank line (CRLF or a bare LF). */
function blankLineStart(raw: Uint8Array, bodyStart: number): number {
  if (bodyStart >= 2 && raw[bodyStart - 2] === 0x0d) return bodyStart - 2;
  return Math.max(0, bodyStart - 1);
}
