// One MIME part: a new part record, header unfolding, and the content headers
// that decide how its body is read (postal-mime's rules, applied to bytes).
import { alloc } from "./arena";
import { CR, equalsLower, hexNibble, isWsp, startsWithLower } from "./ascii-bytes";
import { findParam, parseStructured, transferEncoding } from "./structured-header";
import {
  ENC_BASE64, ENC_PASS, ENC_QP, H_KEY, H_KEY_LEN, H_NEXT, H_SIZE, H_VALUE, H_VALUE_LEN, N_BOUNDARY, N_BOUNDARY_LEN, N_CD,
  N_CID, N_CID_LEN, N_CT, N_DEPTH, N_DIGEST_CHILD, N_FIRST_CHILD, N_HDR_END, N_HDR_START, N_HEADERS, N_LAST_CHILD,
  N_MULTIPART, N_PARENT, N_SIBLING, N_SIZE, N_SUBTYPE, N_SUBTYPE_LEN, N_ENCODING, N_BODY_START, N_BODY_END, P_KEY, P_KEY_LEN, P_NEXT, P_VALUE,
  P_VALUE_LEN, S_PARAMS, S_VALUE, S_VALUE_LEN,
} from "../layout";

export function newNode(parent: usize): usize {
  const n = alloc(N_SIZE);
  memory.fill(n, 0, N_SIZE);
  store<i32>(n + N_HDR_START, -1);
  store<i32>(n + N_CID_LEN, -1);
  store<i32>(n + N_BODY_START, -1);
  store<i32>(n + N_BODY_END, -1);
  if (parent) {
    store<u32>(n + N_PARENT, <u32>parent);
    store<i32>(n + N_DEPTH, load<i32>(parent + N_DEPTH) + 1);
    const sub = <usize>load<u32>(parent + N_SUBTYPE);
    if (equalsLower(sub, load<i32>(parent + N_SUBTYPE_LEN), "digest")) store<i32>(n + N_DIGEST_CHILD, 1);
    const last = <usize>load<u32>(parent + N_LAST_CHILD);
    if (last) store<u32>(last + N_SIBLING, <u32>n);
    else store<u32>(parent + N_FIRST_CHILD, <u32>n);
    store<u32>(parent + N_LAST_CHILD, <u32>n);
  }
  return n;
}

@inline function lineEnd(p: usize, end: usize): usize {
  while (p < end && load<u8>(p) != 0x0a) p++;
  return p;
}

@inline function trimCr(s: usize, e: usize): usize {
  while (e > s && load<u8>(e - 1) == CR) e--;
  return e;
}

function containsLower(p: usize, len: i32, lit: string): bool {
  for (let i = 0; i + lit.length <= len; i++) {
    if (startsWithLower(p + <usize>i, len - i, lit)) return true;
  }
  return false;
}

/** Unfolds the node's header lines into header records and reads the content headers. */
export function processHeaders(node: usize): void {
  let ctP: usize = 0, ctL = -1, cteP: usize = 0, cteL = -1, cdP: usize = 0, cdL = -1;
  const hs = load<i32>(node + N_HDR_START);
  let lastHeader: usize = 0;
  if (hs >= 0) {
    const end = <usize>load<i32>(node + N_HDR_END);
    let p = <usize>hs;
    while (p < end) {
      // one header: a line and the SP/HTAB continuation lines after it
      const groupStart = p;
      let total = 0;
      let q = p;
      let first = true;
      while (q < end) {
        const le = lineEnd(q, end);
        const ce = trimCr(q, le);
        if (!first && !(ce > q && isWsp(load<u8>(q)))) break;
        first = false;
        total += <i32>(ce - q);
        q = le < end ? le + 1 : le;
      }
      const buf = alloc(<usize>total);
      let w = buf;
      let r = groupStart;
      while (r < q) {
        const le = lineEnd(r, q);
        const ce = trimCr(r, le);
        memory.copy(w, r, ce - r);
        w += ce - r;
        r = le < q ? le + 1 : le;
      }
      p = q;
      // key: before the first ':', value: after it, CR runs as one space
      let sep: i32 = -1;
      for (let i = 0; i < total; i++) if (load<u8>(buf + <usize>i) == 0x3a) { sep = i; break; }
      let ks = 0;
      let ke = sep < 0 ? total : sep;
      while (ks < ke && isWsp(load<u8>(buf + <usize>ks))) ks++;
      while (ke > ks && isWsp(load<u8>(buf + <usize>(ke - 1)))) ke--;
      let vs = 0;
      let vl = 0;
      if (sep >= 0) {
        vs = sep + 1;
        let o = vs;
        let i = vs;
        while (i < total) {
          const c = load<u8>(buf + <usize>i);
          if (c == CR) {
            while (i < total && load<u8>(buf + <usize>i) == CR) i++;
            store<u8>(buf + <usize>(o++), 0x20);
            continue;
          }
          store<u8>(buf + <usize>(o++), c);
          i++;
        }
        let ve = o;
        while (vs < ve && isWsp(load<u8>(buf + <usize>vs))) vs++;
        while (ve > vs && isWsp(load<u8>(buf + <usize>(ve - 1)))) ve--;
        vl = ve - vs;
      }
      const h = alloc(H_SIZE);
      store<u32>(h + H_NEXT, 0);
      store<u32>(h + H_KEY, <u32>(buf + <usize>ks));
      store<i32>(h + H_KEY_LEN, ke - ks);
      store<u32>(h + H_VALUE, <u32>(buf + <usize>vs));
      store<i32>(h + H_VALUE_LEN, vl);
      if (lastHeader) store<u32>(lastHeader + H_NEXT, <u32>h);
      else store<u32>(node + N_HEADERS, <u32>h);
      lastHeader = h;
      const kp = buf + <usize>ks;
      const kl = ke - ks;
      const vp = buf + <usize>vs;
      if (kl >= 10 && startsWithLower(kp, kl, "content-")) {
        // the first occurrence of each content header decides
        if (ctL < 0 && equalsLower(kp, kl, "content-type")) { ctP = vp; ctL = vl; }
        else if (cteL < 0 && equalsLower(kp, kl, "content-transfer-encoding")) { cteP = vp; cteL = vl; }
        else if (cdL < 0 && equalsLower(kp, kl, "content-disposition")) { cdP = vp; cdL = vl; }
        else if (load<i32>(node + N_CID_LEN) < 0 && equalsLower(kp, kl, "content-id")) {
          store<u32>(node + N_CID, <u32>vp);
          store<i32>(node + N_CID_LEN, vl);
        }
      }
    }
  }

  if (ctL < 0) {
    const digest = load<i32>(node + N_DIGEST_CHILD) != 0;
    const def = digest ? "message/rfc822" : "text/plain";
    ctL = def.length;
    ctP = alloc(<usize>ctL);
    for (let i = 0; i < ctL; i++) store<u8>(ctP + <usize>i, <u8>def.charCodeAt(i));
  }
  const ct = parseStructured(ctP, ctL);
  store<u32>(node + N_CT, <u32>ct);
  const tv = <usize>load<u32>(ct + S_VALUE);
  const tl = load<i32>(ct + S_VALUE_LEN);
  if (tl > 10 && startsWithLower(tv, tl, "multipart/")) {
    let slash = 0;
    while (load<u8>(tv + <usize>slash) != 0x2f) slash++;
    store<i32>(node + N_MULTIPART, 1);
    store<u32>(node + N_SUBTYPE, <u32>(tv + <usize>slash + 1));
    store<i32>(node + N_SUBTYPE_LEN, tl - slash - 1);
    if (!boundaryContinuations(node, ct)) {
      const b = findParam(ct, "boundary");
      if (b && load<i32>(b + P_VALUE_LEN) > 0) {
        store<u32>(node + N_BOUNDARY, load<u32>(b + P_VALUE));
        store<i32>(node + N_BOUNDARY_LEN, load<i32>(b + P_VALUE_LEN));
      }
    }
  }
  store<u32>(node + N_CD, <u32>parseStructured(cdP, cdL < 0 ? 0 : cdL));

  let enc = ENC_PASS;
  if (cteL > 0) {
    const lenSlot = alloc(4);
    const tok = transferEncoding(cteP, cteL, lenSlot);
    const n = load<i32>(lenSlot);
    if (containsLower(tok, n, "base64")) enc = ENC_BASE64;
    else if (containsLower(tok, n, "quoted-printable")) enc = ENC_QP;
  }
  store<i32>(node + N_ENCODING, enc);
}

/**
 * RFC 2231 `boundary*=` / `boundary*0*=` sections, which replace a plain
 * `boundary` as postal-mime's decodeParameterValueContinuations does. The
 * charset only matters for non-ASCII boundaries, which are taken as UTF-8.
 */
function boundaryContinuations(node: usize, ct: usize): bool {
  let total = 0;
  let sections = 0;
  for (let p = <usize>load<u32>(ct + S_PARAMS); p; p = <usize>load<u32>(p + P_NEXT)) {
    if (sectionNumber(p) >= -1) { sections++; total += load<i32>(p + P_VALUE_LEN); }
  }
  if (!sections) return false;
  const out = alloc(<usize>total + 1);
  let o = 0;
  // sections in ascending number, each once
  let last = -2;
  for (let k = 0; k < sections; k++) {
    let best: usize = 0;
    let bestNr = 0x7fffffff;
    for (let p = <usize>load<u32>(ct + S_PARAMS); p; p = <usize>load<u32>(p + P_NEXT)) {
      const nr = sectionNumber(p);
      const key = nr == -1 ? 0 : nr;
      if (nr >= -1 && key > last && key < bestNr) { best = p; bestNr = key; }
    }
    if (!best) break;
    last = bestNr;
    let v = <usize>load<u32>(best + P_VALUE);
    let vl = load<i32>(best + P_VALUE_LEN);
    const kl = load<i32>(best + P_KEY_LEN);
    const encoded = load<u8>(<usize>load<u32>(best + P_KEY) + <usize>(kl - 1)) == 0x2a;
    if (encoded && bestNr == 0) {
      // charset'language'value
      let q1 = -1, q2 = -1;
      for (let i = 0; i < vl; i++) if (load<u8>(v + <usize>i) == 0x27) { if (q1 < 0) q1 = i; else { q2 = i; break; } }
      if (q2 >= 0) { v += <usize>(q2 + 1); vl -= q2 + 1; }
    }
    for (let i = 0; i < vl; i++) {
      const c = load<u8>(v + <usize>i);
      if (encoded && c == 0x25 && i + 2 < vl) {
        const hi = hexNibble(load<u8>(v + <usize>(i + 1)));
        const lo = hexNibble(load<u8>(v + <usize>(i + 2)));
        if (hi >= 0 && lo >= 0) { store<u8>(out + <usize>(o++), <u8>((hi << 4) | lo)); i += 2; continue; }
      }
      store<u8>(out + <usize>(o++), c);
    }
  }
  if (o > 0) {
    store<u32>(node + N_BOUNDARY, <u32>out);
    store<i32>(node + N_BOUNDARY_LEN, o);
  }
  return true;
}

/** -1 for `boundary*`, n for `boundary*n` / `boundary*n*`, -2 for anything else. */
function sectionNumber(p: usize): i32 {
  const k = <usize>load<u32>(p + P_KEY);
  const kl = load<i32>(p + P_KEY_LEN);
  if (kl < 9 || !startsWithLower(k, kl, "boundary*")) return -2;
  if (kl == 9) return -1;
  let end = kl;
  if (load<u8>(k + <usize>(kl - 1)) == 0x2a) end--;
  if (end <= 9) return -2;
  let nr = 0;
  for (let i = 9; i < end; i++) {
    const c = load<u8>(k + <usize>i);
    if (c < 0x30 || c > 0x39) return -2;
    nr = nr * 10 + (c - 0x30);
    if (nr > 100000) return -2;
  }
  return nr;
}
