// Structured header values (Content-Type, Content-Disposition): comments
// stripped and split into a lower-cased value and raw parameters, with the
// values postal-mime finds for the same bytes. RFC 2231
// continuations are joined by the TypeScript side, which owns charsets.
import { alloc } from "./arena";
import { isWsp, lower, lowerInPlace } from "./ascii-bytes";
import { P_KEY, P_KEY_LEN, P_NEXT, P_SIZE, P_VALUE, P_VALUE_LEN, S_PARAMS, S_SIZE, S_VALUE, S_VALUE_LEN } from "../layout";

let stripLen: i32 = 0;

/** Returns a pointer to the stripped copy; its length is left in stripLen. */
function stripComments(src: usize, len: i32): usize {
  const out = alloc(<usize>len);
  let n = 0;
  let depth = 0;
  let escaped = false;
  let inQuote = false;
  let commentStart = -1;
  let inParam = false;
  let endsWithWsp = false;
  for (let i = 0; i < len; i++) {
    const c = <u32>load<u8>(src + <usize>i);
    if (escaped) {
      if (depth == 0) { store<u8>(out + <usize>(n++), <u8>c); endsWithWsp = isWsp(c); }
      escaped = false;
      continue;
    }
    if (c == 0x5c) {
      escaped = true;
      if (depth == 0) { store<u8>(out + <usize>(n++), <u8>c); endsWithWsp = false; }
      continue;
    }
    if (c == 0x22 && depth == 0) {
      inQuote = !inQuote;
      store<u8>(out + <usize>(n++), <u8>c);
      endsWithWsp = false;
      continue;
    }
    if (!inQuote) {
      if (c == 0x28 && (!inParam || n == 0 || endsWithWsp)) {
        if (depth == 0) commentStart = i;
        depth++;
        continue;
      }
      if (c == 0x29 && depth > 0) {
        depth--;
        continue;
      }
      if (depth == 0) {
        if (c == 0x3d) inParam = true;
        else if (c == 0x3b) inParam = false;
      }
    }
    if (depth == 0) { store<u8>(out + <usize>(n++), <u8>c); endsWithWsp = isWsp(c); }
  }
  if (depth != 0) {
    // an unbalanced '(' is no comment when a parameter follows it
    for (let i = commentStart; i < len; i++) {
      if (load<u8>(src + <usize>i) == 0x3b) {
        stripLen = len;
        return src;
      }
    }
  }
  stripLen = n;
  return out;
}

/** Returns the byte offset of the first match of [\w-]+ in a stripped, lower-cased copy. */
export function transferEncoding(src: usize, len: i32, outLen: usize): usize {
  const s = stripComments(src, len);
  const n = stripLen;
  let start = -1;
  let end = 0;
  for (let i = 0; i < n; i++) {
    const c = lower(load<u8>(s + <usize>i));
    const word = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x5f || c == 0x2d;
    if (word && start < 0) start = i;
    if (!word && start >= 0) { end = i; break; }
    end = i + 1;
  }
  if (start < 0) { store<i32>(outLen, 0); return s; }
  lowerInPlace(s + <usize>start, end - start);
  store<i32>(outLen, end - start);
  return s + <usize>start;
}

// parse state
let vbuf: usize = 0;
let vlen: i32 = 0;
let pbuf: usize = 0;
let plen: i32 = 0;
let quoteClosed = false;

@inline function addChr(c: u8): void {
  if (vlen > 0 && plen > 0) {
    memory.copy(vbuf + <usize>vlen, pbuf, <usize>plen);
    vlen += plen;
  }
  plen = 0;
  store<u8>(vbuf + <usize>(vlen++), c);
}

/** Copies the value under construction out and resets it; its length in takenLen. */
let takenLen: i32 = 0;
function takeValue(trim: bool): usize {
  let s = 0;
  let e = vlen;
  if (trim) {
    while (s < e && isJsSpace(load<u8>(vbuf + <usize>s))) s++;
    while (e > s && isJsSpace(load<u8>(vbuf + <usize>(e - 1)))) e--;
  }
  const n = e - s;
  const p = alloc(<usize>n);
  memory.copy(p, vbuf + <usize>s, <usize>n);
  takenLen = n;
  vlen = 0;
  plen = 0;
  quoteClosed = false;
  return p;
}

@inline function isJsSpace(c: u32): bool {
  return c == 0x20 || (c >= 0x09 && c <= 0x0d);
}

function addParam(rec: usize, last: usize, key: usize, keyLen: i32, val: usize, valLen: i32): usize {
  const p = alloc(P_SIZE);
  store<u32>(p + P_NEXT, 0);
  store<u32>(p + P_KEY, <u32>key);
  store<i32>(p + P_KEY_LEN, keyLen);
  store<u32>(p + P_VALUE, <u32>val);
  store<i32>(p + P_VALUE_LEN, valLen);
  if (last) store<u32>(last + P_NEXT, <u32>p);
  else store<u32>(rec + S_PARAMS, <u32>p);
  return p;
}

/** Parses a structured header value into a new S record. */
export function parseStructured(src: usize, len: i32): usize {
  const rec = alloc(S_SIZE);
  memory.fill(rec, 0, S_SIZE);
  const s = stripComments(src, len);
  const n = stripLen;
  vbuf = alloc(<usize>n + 1);
  pbuf = alloc(<usize>n + 1);
  vlen = 0;
  plen = 0;
  quoteClosed = false;
  let keyPtr: usize = 0;
  let keyLen: i32 = -1; // -1: no key yet, the value is the header's own
  let inKey = false;
  let quote = false;
  let escaped = false;
  let last: usize = 0;
  for (let i = 0; i < n; i++) {
    const c = load<u8>(s + <usize>i);
    if (inKey) {
      if (c == 0x3d) {
        keyPtr = takeValue(true);
        keyLen = takenLen;
        lowerInPlace(keyPtr, keyLen);
        inKey = false;
      } else if (c == 0x3b) {
        const name = takeValue(true);
        if (takenLen > 0) {
          lowerInPlace(name, takenLen);
          last = addParam(rec, last, name, takenLen, name, 0);
        }
      } else {
        store<u8>(vbuf + <usize>(vlen++), c);
      }
      continue;
    }
    if (escaped) {
      addChr(c);
    } else if (quote && c == 0x5c) {
      escaped = true;
      continue;
    } else if (quote && c == 0x22) {
      quote = false;
      quoteClosed = true;
    } else if (!quote && c == 0x22) {
      quote = true;
      if (vlen > 0 && plen > 0) {
        memory.copy(vbuf + <usize>vlen, pbuf, <usize>plen);
        vlen += plen;
      }
      plen = 0;
    } else if (!quote && c == 0x3b) {
      const v = takeValue(false);
      if (keyLen < 0) {
        store<u32>(rec + S_VALUE, <u32>v);
        store<i32>(rec + S_VALUE_LEN, takenLen);
      } else {
        last = addParam(rec, last, keyPtr, keyLen, v, takenLen);
      }
      inKey = true;
    } else if (!quote && isWsp(c)) {
      store<u8>(pbuf + <usize>(plen++), c);
    } else if (!quoteClosed) {
      addChr(c);
    }
    escaped = false;
  }
  if (!inKey) {
    const v = takeValue(false);
    if (keyLen < 0) {
      store<u32>(rec + S_VALUE, <u32>v);
      store<i32>(rec + S_VALUE_LEN, takenLen);
    } else {
      last = addParam(rec, last, keyPtr, keyLen, v, takenLen);
    }
  } else {
    const name = takeValue(true);
    if (takenLen > 0) {
      lowerInPlace(name, takenLen);
      last = addParam(rec, last, name, takenLen, name, 0);
    }
  }
  lowerInPlace(load<u32>(rec + S_VALUE), load<i32>(rec + S_VALUE_LEN));
  return rec;
}

/** First parameter whose key equals `key` (already lower-case): its record or 0. */
export function findParam(rec: usize, key: string): usize {
  let p = <usize>load<u32>(rec + S_PARAMS);
  while (p) {
    const kp = <usize>load<u32>(p + P_KEY);
    const kl = load<i32>(p + P_KEY_LEN);
    if (kl == key.length) {
      let same = true;
      for (let i = 0; i < kl; i++) {
        if (<u32>load<u8>(kp + <usize>i) != <u32>key.charCodeAt(i)) { same = false; break; }
      }
      if (same) return p;
    }
    p = <usize>load<u32>(p + P_NEXT);
  }
  return 0;
}
