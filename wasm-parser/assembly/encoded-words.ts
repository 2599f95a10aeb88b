// RFC 2047 encoded words, split the way postal-mime splits them: literal
// text and =?charset?Q|B?text?= words, join adjacent words of one charset and
// encoding (a multibyte character may be split across two), decode Q and B to
// bytes. The TypeScript side turns each segment into a string with the charset.
import { alloc } from "./arena";
import { hexNibble, isSpace, lower } from "./ascii-bytes";
import { base64DecodeWord, isBase64Char } from "./base64-decoder";
import { SEG_A, SEG_A_LEN, SEG_B, SEG_B_LEN, SEG_FIRST, SEG_KIND, SEG_SIZE, SEG_TEXT, SEG_WORD } from "../layout";

// token scratch: kind, start, len, charset, charsetLen, enc, text, textLen
const T_SIZE = 32;

let segs: usize = 0;
let segCount: i32 = 0;

function emit(kind: i32, a: usize, al: i32, b: usize, bl: i32): void {
  const s = segs + SEG_FIRST + <usize>segCount * SEG_SIZE;
  store<i32>(s + SEG_KIND, kind);
  store<u32>(s + SEG_A, <u32>a);
  store<i32>(s + SEG_A_LEN, al);
  store<u32>(s + SEG_B, <u32>b);
  store<i32>(s + SEG_B_LEN, bl);
  segCount++;
}

/** Tokenises [p, p+len); returns the token array, count in tokCount. */
let tokCount: i32 = 0;
function tokenize(p: usize, len: i32): usize {
  // at most one token per byte, plus literal runs between them
  const toks = alloc(<usize>(len + 2) * T_SIZE);
  let n = 0;
  let textStart = 0;
  let i = 0;
  while (i + 1 < len) {
    if (load<u8>(p + <usize>i) != 0x3d || load<u8>(p + <usize>(i + 1)) != 0x3f) { i++; continue; }
    // =?charset?
    let j = i + 2;
    while (j < len) {
      const c = load<u8>(p + <usize>j);
      if (c == 0x3f || isSpace(c)) break;
      j++;
    }
    if (j == i + 2 || j + 2 >= len || load<u8>(p + <usize>j) != 0x3f) { i++; continue; }
    const enc = lower(load<u8>(p + <usize>(j + 1)));
    if ((enc != 0x71 && enc != 0x62) || load<u8>(p + <usize>(j + 2)) != 0x3f) { i++; continue; }
    let k = j + 3;
    while (k < len && load<u8>(p + <usize>k) != 0x3f) k++;
    if (k + 1 >= len || load<u8>(p + <usize>(k + 1)) != 0x3d) { i++; continue; }
    if (i > textStart) {
      const t = toks + <usize>(n++) * T_SIZE;
      store<i32>(t, 0);
      store<i32>(t + 4, textStart);
      store<i32>(t + 8, i - textStart);
    }
    const t = toks + <usize>(n++) * T_SIZE;
    store<i32>(t, 1);
    store<i32>(t + 12, i + 2);
    store<i32>(t + 16, j - i - 2);
    store<i32>(t + 20, <i32>enc);
    store<i32>(t + 24, j + 3);
    store<i32>(t + 28, k - j - 3);
    i = k + 2;
    textStart = i;
  }
  if (textStart < len) {
    const t = toks + <usize>(n++) * T_SIZE;
    store<i32>(t, 0);
    store<i32>(t + 4, textStart);
    store<i32>(t + 8, len - textStart);
  }
  tokCount = n;
  return toks;
}

function decodeQ(src: usize, len: i32): usize {
  // `=\s+X` → `=X` (a folded escape), then `_` and whitespace → space
  const a = alloc(<usize>len + 1);
  let n = 0;
  let i = 0;
  while (i < len) {
    const c = load<u8>(src + <usize>i);
    if (c == 0x3d && i + 1 < len && isSpace(load<u8>(src + <usize>(i + 1)))) {
      let j = i + 1;
      while (j < len && isSpace(load<u8>(src + <usize>j))) j++;
      if (j < len && hexNibble(load<u8>(src + <usize>j)) >= 0) {
        store<u8>(a + <usize>(n++), 0x3d);
        i = j;
        continue;
      }
    }
    store<u8>(a + <usize>(n++), c == 0x5f || isSpace(c) ? 0x20 : c);
    i++;
  }
  const out = alloc(<usize>n + 1);
  let o = 0;
  for (let k = 0; k < n; k++) {
    const c = load<u8>(a + <usize>k);
    if (c == 0x3d && k <= n - 2) {
      const hi = hexNibble(load<u8>(a + <usize>(k + 1)));
      const lo = k + 2 < n ? hexNibble(load<u8>(a + <usize>(k + 2))) : -1;
      if (hi >= 0 && lo >= 0) {
        store<u8>(out + <usize>(o++), <u8>((hi << 4) | lo));
        k += 2;
        continue;
      }
    }
    store<u8>(out + <usize>(o++), c);
  }
  decodedLen = o;
  return out;
}

let decodedLen: i32 = 0;
function decodeB(src: usize, len: i32): usize {
  const clean = alloc(<usize>len + 1);
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = load<u8>(src + <usize>i);
    if (isBase64Char(c)) store<u8>(clean + <usize>(n++), c);
  }
  const out = alloc(<usize>(n / 4) * 3 + 4);
  decodedLen = base64DecodeWord(clean, n, out);
  return out;
}

function emitWord(p: usize, charset: i32, charsetLen: i32, enc: i32, text: usize, textLen: i32): void {
  // RFC 2231 language tag: charset*lang
  let cl = 0;
  while (cl < charsetLen && load<u8>(p + <usize>(charset + cl)) != 0x2a) cl++;
  const out = enc == 0x71 ? decodeQ(text, textLen) : decodeB(text, textLen);
  emit(SEG_WORD, p + <usize>charset, cl, out, decodedLen);
}

function isFoldingOnly(p: usize, start: i32, len: i32): bool {
  for (let i = 0; i < len; i++) {
    const c = load<u8>(p + <usize>(start + i));
    if (c != 0x20 && c != 0x09 && c != 0x0d && c != 0x0a) return false;
  }
  return len > 0;
}

/** Decodes the encoded words of [p, p+len); returns the segment list. */
export function decodeWords(p: usize, len: i32, join: bool): usize {
  const toks = tokenize(p, len);
  const n = tokCount;
  segs = alloc(<usize>SEG_FIRST + <usize>(n + 1) * SEG_SIZE);
  segCount = 0;
  const buf = alloc(<usize>len + 1); // the pending word's (joined) encoded text
  let bl = 0;
  let pending = -1; // token index whose charset/encoding the pending word has
  for (let i = 0; i < n; i++) {
    const t = toks + <usize>i * T_SIZE;
    if (load<i32>(t) == 0) {
      const ts = load<i32>(t + 4);
      const tl = load<i32>(t + 8);
      if (pending >= 0 && i + 1 < n && load<i32>(t + T_SIZE) == 1 && isFoldingOnly(p, ts, tl)) continue;
      if (pending >= 0) {
        const pt = toks + <usize>pending * T_SIZE;
        emitWord(p, load<i32>(pt + 12), load<i32>(pt + 16), load<i32>(pt + 20), buf, bl);
        pending = -1;
      }
      emit(SEG_TEXT, p + <usize>ts, tl, 0, 0);
      continue;
    }
    const ws = load<i32>(t + 24);
    const wl = load<i32>(t + 28);
    if (pending >= 0 && join && canJoin(p, toks + <usize>pending * T_SIZE, t, buf, bl)) {
      memory.copy(buf + <usize>bl, p + <usize>ws, <usize>wl);
      bl += wl;
      continue;
    }
    if (pending >= 0) {
      const pt = toks + <usize>pending * T_SIZE;
      emitWord(p, load<i32>(pt + 12), load<i32>(pt + 16), load<i32>(pt + 20), buf, bl);
    }
    pending = i;
    memory.copy(buf, p + <usize>ws, <usize>wl);
    bl = wl;
  }
  if (pending >= 0) {
    const pt = toks + <usize>pending * T_SIZE;
    emitWord(p, load<i32>(pt + 12), load<i32>(pt + 16), load<i32>(pt + 20), buf, bl);
  }
  store<i32>(segs, segCount);
  return segs;
}

function canJoin(p: usize, left: usize, right: usize, buf: usize, bl: i32): bool {
  const ll = load<i32>(left + 16);
  if (ll != load<i32>(right + 16)) return false;
  if (memory.compare(p + <usize>load<i32>(left + 12), p + <usize>load<i32>(right + 12), <usize>ll) != 0) return false;
  const enc = load<i32>(left + 20);
  if (enc != load<i32>(right + 20)) return false;
  if (enc == 0x62) return bl % 4 == 0 && !(bl > 0 && load<u8>(buf + <usize>(bl - 1)) == 0x3d);
  return true;
}
