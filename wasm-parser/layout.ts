// Record layouts written by the AssemblyScript side (assembly/mime-node.ts,
// structured-header.ts, message-parser.ts, decode-strings.ts), as i32 indexes.
export const N = {
  NEXT: 0, PARENT: 1, DEPTH: 2, HEADERS: 5, CT: 7, CD: 8, MULTIPART: 9, CONTENT: 11, CONTENT_LEN: 12,
  CID: 13, CID_LEN: 14, CDESC: 15, CDESC_LEN: 16, SUBTYPE: 25, SUBTYPE_LEN: 26,
} as const;
export const H = { NEXT: 0, KEY: 1, KEY_LEN: 2, VALUE: 3, VALUE_LEN: 4 } as const;
export const S = { VALUE: 0, VALUE_LEN: 1, PARAMS: 2 } as const;
export const P = { NEXT: 0, KEY: 1, KEY_LEN: 2, VALUE: 3, VALUE_LEN: 4 } as const;
export const R = { ROOT: 0, COUNT: 1, ERROR: 2 } as const;
export const SEG = { KIND: 0, A: 1, A_LEN: 2, B: 3, B_LEN: 4, SIZE: 5 } as const;
export const ERR = { 1: "depth", 2: "part", 3: "header size", 4: "internal" } as const;
