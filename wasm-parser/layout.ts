// The records wasm writes and TypeScript reads, as byte offsets of 4-byte
// fields: the one definition both sides import (assembly/* and part-tree.ts).
// Plain `export const NAME = n;` lines only, so that asc and tsc read it alike.

// Part record, one per MIME part, chained in document order by N_NEXT.
export const N_NEXT = 0;
export const N_PARENT = 4;
export const N_DEPTH = 8;
export const N_HDR_START = 12; // raw header lines [start, end) in the input, -1 when none
export const N_HDR_END = 16;
export const N_HEADERS = 20; // first header record
export const N_CT = 24; // structured Content-Type
export const N_CD = 28; // structured Content-Disposition
export const N_MULTIPART = 32; // 1 when multipart/<non-empty subtype>
export const N_ENCODING = 36; // ENC_*
export const N_CONTENT = 40; // decoded body
export const N_CONTENT_LEN = 44;
export const N_CID = 48; // Content-ID value
export const N_CID_LEN = 52; // -1 when absent
export const N_STATE = 56; // STATE_*
export const N_BOUNDARY = 60;
export const N_BOUNDARY_LEN = 64;
export const N_DIGEST_CHILD = 68; // parent is multipart/digest: default type message/rfc822
export const N_FIRST_CHILD = 72;
export const N_LAST_CHILD = 76;
export const N_SIBLING = 80;
export const N_CURSOR = 84; // last child already finalized
export const N_SUBTYPE = 88; // multipart subtype, inside the Content-Type value
export const N_SUBTYPE_LEN = 92;
export const N_BODY_START = 96; // raw body [start, end) in the input (before decoding), -1 when unknown
export const N_BODY_END = 100; // where the next boundary line's line break begins
export const N_SIZE = 104;

// Header record: one unfolded header line, chained by H_NEXT.
export const H_NEXT = 0;
export const H_KEY = 4;
export const H_KEY_LEN = 8;
export const H_VALUE = 12;
export const H_VALUE_LEN = 16;
export const H_SIZE = 20;

// Structured header record: lower-cased value and its parameters.
export const S_VALUE = 0;
export const S_VALUE_LEN = 4;
export const S_PARAMS = 8; // first parameter record
export const S_SIZE = 12;

// Parameter record, chained by P_NEXT; keys lower-cased, values raw.
export const P_NEXT = 0;
export const P_KEY = 4;
export const P_KEY_LEN = 8;
export const P_VALUE = 12;
export const P_VALUE_LEN = 16;
export const P_SIZE = 20;

// Result record of one parse.
export const R_ROOT = 0;
export const R_ERROR = 4; // ERR_*, 0 when the parse finished
export const R_SIZE = 8;

export const ERR_DEPTH = 1;
export const ERR_PARTS = 2;
export const ERR_HEADER_SIZE = 3;
export const ERR_INTERNAL = 4;

// Encoded-word segments: a count at 0, then SEG_SIZE records from SEG_FIRST.
export const SEG_FIRST = 4;
export const SEG_KIND = 0; // SEG_TEXT or SEG_WORD
export const SEG_A = 4; // literal text, or the word's charset
export const SEG_A_LEN = 8;
export const SEG_B = 12; // the word's decoded bytes
export const SEG_B_LEN = 16;
export const SEG_SIZE = 20;
export const SEG_TEXT = 0;
export const SEG_WORD = 1;

// Byte range record (UTF-7 output): pointer and length.
export const RANGE_PTR = 0;
export const RANGE_LEN = 4;
export const RANGE_SIZE = 8;

// Values of N_ENCODING and N_STATE (wasm only, here to keep the record whole).
export const ENC_PASS = 0;
export const ENC_BASE64 = 1;
export const ENC_QP = 2;
export const STATE_HEADER = 0;
export const STATE_BODY = 1;
export const STATE_FINISHED = 2;
