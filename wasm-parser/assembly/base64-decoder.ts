// Streaming base64 body decoder, as postal-mime's Base64Decoder behaves: every
// character outside the alphabet is skipped, and a run of '=' closes the
// current unit (a partial group still yields its whole bytes) so that mailers
// which pad every line decode correctly.

const TABLE: usize = memory.data(256);
const PAD: u8 = 64;
const SKIP: u8 = 255;

function initTable(): void {
  memory.fill(TABLE, SKIP, 256);
  for (let i: u32 = 0; i < 26; i++) {
    store<u8>(TABLE + 0x41 + i, <u8>i);
    store<u8>(TABLE + 0x61 + i, <u8>(26 + i));
  }
  for (let i: u32 = 0; i < 10; i++) store<u8>(TABLE + 0x30 + i, <u8>(52 + i));
  store<u8>(TABLE + 0x2b, 62);
  store<u8>(TABLE + 0x2f, 63);
  store<u8>(TABLE + 0x3d, PAD);
}
initTable();

let acc: u32 = 0;
let count: u32 = 0;

export function base64Reset(): void {
  acc = 0;
  count = 0;
}

/** Decodes [src, src+len) appending to out; returns the new end of out. */
export function base64Update(src: usize, len: i32, out: usize): usize {
  let a = acc;
  let n = count;
  let i: usize = 0;
  const end = <usize>len;
  // whole groups of four alphabet characters, the bulk of any body
  if (n == 0) {
    while (i + 4 <= end) {
      const c0 = <u32>load<u8>(TABLE + <usize>load<u8>(src + i));
      const c1 = <u32>load<u8>(TABLE + <usize>load<u8>(src + i + 1));
      const c2 = <u32>load<u8>(TABLE + <usize>load<u8>(src + i + 2));
      const c3 = <u32>load<u8>(TABLE + <usize>load<u8>(src + i + 3));
      if ((c0 | c1 | c2 | c3) >= 64) break;
      const v = (c0 << 18) | (c1 << 12) | (c2 << 6) | c3;
      store<u8>(out, <u8>(v >> 16));
      store<u8>(out + 1, <u8>(v >> 8));
      store<u8>(out + 2, <u8>v);
      out += 3;
      i += 4;
    }
  }
  for (; i < end; i++) {
    const c = load<u8>(TABLE + <usize>load<u8>(src + i));
    if (c < 64) {
      a = (a << 6) | <u32>c;
      n++;
      if (n == 4) {
        store<u8>(out, <u8>(a >> 16));
        store<u8>(out + 1, <u8>(a >> 8));
        store<u8>(out + 2, <u8>a);
        out += 3;
        n = 0;
        a = 0;
        // back on a group boundary: take the fast path again
        while (i + 5 <= end) {
          const c0 = <u32>load<u8>(TABLE + <usize>load<u8>(src + i + 1));
          const c1 = <u32>load<u8>(TABLE + <usize>load<u8>(src + i + 2));
          const c2 = <u32>load<u8>(TABLE + <usize>load<u8>(src + i + 3));
          const c3 = <u32>load<u8>(TABLE + <usize>load<u8>(src + i + 4));
          if ((c0 | c1 | c2 | c3) >= 64) break;
          const v = (c0 << 18) | (c1 << 12) | (c2 << 6) | c3;
          store<u8>(out, <u8>(v >> 16));
          store<u8>(out + 1, <u8>(v >> 8));
          store<u8>(out + 2, <u8>v);
          out += 3;
          i += 4;
        }
      }
    } else if (c == PAD) {
      acc = a;
      count = n;
      out = base64Flush(out);
      a = 0;
      n = 0;
    }
  }
  acc = a;
  count = n;
  return out;
}

/** Emits the bytes of a partial group (a single character carries none). */
export function base64Flush(out: usize): usize {
  if (count == 2) {
    store<u8>(out, <u8>(acc >> 4));
    out += 1;
  } else if (count == 3) {
    store<u8>(out, <u8>(acc >> 10));
    store<u8>(out + 1, <u8>(acc >> 2));
    out += 2;
  }
  acc = 0;
  count = 0;
  return out;
}

/**
 * One-shot decode as postal-mime's decodeBase64 does for encoded words: the
 * input has already been stripped to the alphabet and '='; trailing padding is
 * dropped, and an '=' inside the text counts as a zero sextet.
 */
export function base64DecodeWord(src: usize, len: i32, out: usize): i32 {
  while (len > 0 && load<u8>(src + <usize>(len - 1)) == 0x3d) len--;
  if (len % 4 == 1) len--;
  const rem = len % 4;
  const outLen = (len / 4) * 3 + (rem ? rem - 1 : 0);
  let p = 0;
  for (let i = 0; i < len; i += 4) {
    const e1 = sextet(src, i, len);
    const e2 = sextet(src, i + 1, len);
    const e3 = sextet(src, i + 2, len);
    const e4 = sextet(src, i + 3, len);
    store<u8>(out + <usize>(p++), <u8>((e1 << 2) | (e2 >> 4)));
    if (p < outLen) store<u8>(out + <usize>(p++), <u8>(((e2 & 15) << 4) | (e3 >> 2)));
    if (p < outLen) store<u8>(out + <usize>(p++), <u8>(((e3 & 3) << 6) | (e4 & 63)));
  }
  return outLen;
}

@inline function sextet(src: usize, i: i32, len: i32): u32 {
  if (i >= len) return 0;
  const c = load<u8>(TABLE + <usize>load<u8>(src + <usize>i));
  return c < 64 ? <u32>c : 0;
}

@inline export function isBase64Char(c: u32): bool {
  return load<u8>(TABLE + <usize>c) <= PAD;
}
