// UTF-7 (RFC 2152) to UTF-8. workerd's TextDecoder has no UTF-7, and old
// mailers still send it; lone surrogates and stray bits become U+FFFD.
import { alloc } from "./arena";
import { RANGE_LEN, RANGE_PTR, RANGE_SIZE } from "../layout";

let out: usize = 0;
let o: usize = 0;
let high: u32 = 0;

function put(cp: u32): void {
  if (cp < 0x80) {
    store<u8>(out + o++, <u8>cp);
  } else if (cp < 0x800) {
    store<u8>(out + o++, <u8>(0xc0 | (cp >> 6)));
    store<u8>(out + o++, <u8>(0x80 | (cp & 63)));
  } else if (cp < 0x10000) {
    store<u8>(out + o++, <u8>(0xe0 | (cp >> 12)));
    store<u8>(out + o++, <u8>(0x80 | ((cp >> 6) & 63)));
    store<u8>(out + o++, <u8>(0x80 | (cp & 63)));
  } else {
    store<u8>(out + o++, <u8>(0xf0 | (cp >> 18)));
    store<u8>(out + o++, <u8>(0x80 | ((cp >> 12) & 63)));
    store<u8>(out + o++, <u8>(0x80 | ((cp >> 6) & 63)));
    store<u8>(out + o++, <u8>(0x80 | (cp & 63)));
  }
}

function unit(u: u32): void {
  if (high) {
    if (u >= 0xdc00 && u <= 0xdfff) {
      put(0x10000 + ((high - 0xd800) << 10) + (u - 0xdc00));
      high = 0;
      return;
    }
    put(0xfffd);
    high = 0;
  }
  if (u >= 0xd800 && u <= 0xdbff) high = u;
  else if (u >= 0xdc00 && u <= 0xdfff) put(0xfffd);
  else put(u);
}

@inline function b64(c: u32): i32 {
  if (c >= 0x41 && c <= 0x5a) return <i32>c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return <i32>c - 0x61 + 26;
  if (c >= 0x30 && c <= 0x39) return <i32>c - 0x30 + 52;
  if (c == 0x2b) return 62;
  if (c == 0x2f) return 63;
  return -1;
}

/** Decodes [p, p+len); returns a RANGE record of the UTF-8 output. */
export function decodeUtf7(p: usize, len: i32): usize {
  out = alloc(<usize>len * 2 + 16);
  o = 0;
  high = 0;
  let i = 0;
  while (i < len) {
    const c = <u32>load<u8>(p + <usize>i);
    if (c != 0x2b) {
      if (high) { put(0xfffd); high = 0; }
      put(c); // 8-bit bytes in a mislabelled body: read as Latin-1
      i++;
      continue;
    }
    i++;
    if (i < len && load<u8>(p + <usize>i) == 0x2d) {
      put(0x2b);
      i++;
      continue;
    }
    let bits: u32 = 0;
    let nbits: u32 = 0;
    while (i < len) {
      const v = b64(load<u8>(p + <usize>i));
      if (v < 0) break;
      bits = ((bits << 6) | <u32>v) & 0x3fffff;
      nbits += 6;
      if (nbits >= 16) {
        nbits -= 16;
        unit((bits >> nbits) & 0xffff);
      }
      i++;
    }
    if (high) { put(0xfffd); high = 0; }
    if (i < len && load<u8>(p + <usize>i) == 0x2d) i++;
  }
  if (high) put(0xfffd);
  const res = alloc(RANGE_SIZE);
  store<u32>(res + RANGE_PTR, <u32>out);
  store<i32>(res + RANGE_LEN, <i32>o);
  return res;
}
