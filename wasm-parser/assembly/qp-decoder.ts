// Quoted-printable body decoder, line by line as postal-mime's QPDecoder: a
// trailing '=' is a soft break, an invalid escape stays literal text, every
// other line ends in LF. Literal runs are copied whole.
import { findByte } from "./bytes";

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
  let lit = src;
  let p = src;
  while (p < end) {
    p = findByte(p, end, 0x3d);
    if (p + 2 >= end) break;
    const hi = <u32>load<u8>(HEX + <usize>load<u8>(p + 1));
    const lo = <u32>load<u8>(HEX + <usize>load<u8>(p + 2));
    if ((hi | lo) > 15) {
      p++;
      continue;
    }
    const n = p - lit;
    memory.copy(out, lit, n);
    out += n;
    store<u8>(out++, <u8>((hi << 4) | lo));
    p += 3;
    lit = p;
  }
  const n = end - lit;
  memory.copy(out, lit, n);
  out += n;
  if (!soft) store<u8>(out++, 0x0a);
  return out;
}
