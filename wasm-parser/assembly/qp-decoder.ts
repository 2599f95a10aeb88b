// Quoted-printable body decoder, line by line as postal-mime's QPDecoder: a
// trailing '=' is a soft break, an invalid escape stays literal text, every
// other line ends in LF.
import { hexNibble } from "./bytes";

/** Decodes one line [src, src+len) appending to out; returns the new end. */
export function qpLine(src: usize, len: i32, out: usize): usize {
  const soft = len > 0 && load<u8>(src + <usize>(len - 1)) == 0x3d;
  if (soft) len--;
  let i = 0;
  while (i < len) {
    const c = load<u8>(src + <usize>i);
    if (c == 0x3d && i + 2 < len) {
      const hi = hexNibble(load<u8>(src + <usize>(i + 1)));
      const lo = hexNibble(load<u8>(src + <usize>(i + 2)));
      if (hi >= 0 && lo >= 0) {
        store<u8>(out++, <u8>((hi << 4) | lo));
        i += 3;
        continue;
      }
    }
    store<u8>(out++, c);
    i++;
  }
  if (!soft) store<u8>(out++, 0x0a);
  return out;
}
