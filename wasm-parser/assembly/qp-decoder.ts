// Quoted-printable body decoder, line by line as postal-mime's QPDecoder: a
// trailing '=' is a soft break, an invalid escape stays literal text, every
// other line ends in LF. Literal text moves eight bytes at a time.

const HEX: usize = memory.data(256);
function initHex(): void {
  memory.fill(HEX, 0xff, 256);
  for (let i: u32 = 0; i < 10; i++) store<u8>(HEX + 0x30 + i, <u8>i);
  for (let i: u32 = 0; i < 6; i++) {
    store<u8>(HEX + 0x41 + i, <u8>(10 + i));
    store<u8>(HEX + 0x61 + i, <u8>(10 + i));
  }
}
initHex();

/** Decodes one line [src, src+len) appending to out; returns the new end. */
export function qpLine(src: usize, len: i32, out: usize): usize {
  const soft = len > 0 && load<u8>(src + <usize>(len - 1)) == 0x3d;
  if (soft) len--;
  const end = src + <usize>len;
  let p = src;
  // Eight bytes at a time: the word is stored whole and `out` advances past
  // the literal bytes before the first '=' (SWAR zero-byte test on x ^ '=').
  // Decoding only shrinks, so out + 8 stays inside the room made for the line.
  while (p + 8 <= end) {
    const x = load<u64>(p);
    const v = x ^ 0x3d3d3d3d3d3d3d3d;
    const m = (v - 0x0101010101010101) & ~v & 0x8080808080808080;
    store<u64>(out, x);
    if (!m) {
      out += 8;
      p += 8;
      continue;
    }
    const k = <usize>(ctz(m) >> 3);
    out += k;
    p += k;
    p = escape(p, end, out);
    out++;
  }
  while (p < end) {
    p = escape(p, end, out);
    out++;
  }
  if (!soft) store<u8>(out++, 0x0a);
  return out;
}

/** Writes the byte at p (decoded when it starts a valid =XX) to out; returns the next p. */
@inline function escape(p: usize, end: usize, out: usize): usize {
  const c = load<u8>(p);
  if (c == 0x3d && p + 2 < end) {
    const hi = <u32>load<u8>(HEX + <usize>load<u8>(p + 1));
    const lo = <u32>load<u8>(HEX + <usize>load<u8>(p + 2));
    if ((hi | lo) <= 15) {
      store<u8>(out, <u8>((hi << 4) | lo));
      return p + 3;
    }
  }
  store<u8>(out, c);
  return p + 1;
}
