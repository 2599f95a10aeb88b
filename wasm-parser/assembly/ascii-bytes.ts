// ASCII over raw bytes: character classes, case-insensitive comparison with
// literals, and a 16-bytes-at-a-time byte search.

export const CR: u8 = 0x0d;

@inline export function isWsp(c: u32): bool {
  return c == 0x20 || c == 0x09;
}

/** JS `\s` restricted to ASCII. */
@inline export function isSpace(c: u32): bool {
  return c == 0x20 || (c >= 0x09 && c <= 0x0d);
}

@inline export function lower(c: u32): u32 {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

@inline export function hexNibble(c: u32): i32 {
  if (c >= 0x30 && c <= 0x39) return <i32>c - 0x30;
  if (c >= 0x61 && c <= 0x66) return <i32>c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return <i32>c - 0x41 + 10;
  return -1;
}

/** Case-insensitive compare of [p, p+len) with an ASCII lower-case literal. */
export function equalsLower(p: usize, len: i32, lit: string): bool {
  if (len != lit.length) return false;
  for (let i = 0; i < len; i++) {
    if (lower(load<u8>(p + <usize>i)) != <u32>lit.charCodeAt(i)) return false;
  }
  return true;
}

export function startsWithLower(p: usize, len: i32, lit: string): bool {
  if (len < lit.length) return false;
  for (let i = 0; i < lit.length; i++) {
    if (lower(load<u8>(p + <usize>i)) != <u32>lit.charCodeAt(i)) return false;
  }
  return true;
}

export function lowerInPlace(p: usize, len: i32): void {
  for (let i = 0; i < len; i++) {
    const a = p + <usize>i;
    store<u8>(a, <u8>lower(load<u8>(a)));
  }
}

/** First p in [p, end) with load<u8>(p) == byte, or end. 16 bytes at a time. */
export function findByte(p: usize, end: usize, byte: u8): usize {
  const needle = i8x16.splat(<i8>byte);
  while (p + 16 <= end) {
    const mask = i8x16.bitmask(i8x16.eq(v128.load(p), needle));
    if (mask) return p + <usize>ctz(mask);
    p += 16;
  }
  while (p < end && load<u8>(p) != byte) p++;
  return p;
}
