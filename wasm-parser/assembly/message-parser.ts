// The line loop and boundary scanning (postal-mime's rules): splits a message into
// a tree of nodes and decodes each leaf's body straight into the arena, so a
// leaf's content is one contiguous range.
import { alloc, arenaCommit, arenaTop, ensure } from "./arena";
import { CR, findByte } from "./ascii-bytes";
import { base64Flush, base64Reset, base64Update } from "./base64-decoder";
import { qpLine } from "./qp-decoder";
import { newNode, processHeaders } from "./mime-node";
import {
  ENC_BASE64, ENC_QP, ERR_DEPTH, ERR_HEADER_SIZE, ERR_INTERNAL, ERR_PARTS, N_BOUNDARY, N_BOUNDARY_LEN, N_CONTENT,
  N_CONTENT_LEN, N_CURSOR, N_DEPTH, N_ENCODING, N_FIRST_CHILD, N_HDR_END, N_HDR_START, N_MULTIPART, N_NEXT, N_PARENT,
  N_SIBLING, N_STATE, N_BODY_END, N_BODY_START, N_LAST_CHILD, R_ERROR, R_ROOT, R_SIZE, STATE_BODY, STATE_FINISHED, STATE_HEADER,
} from "../layout";

let maxDepth: i32 = 0;
let maxParts: i32 = 0;
let maxHeaderBytes: i32 = 0;
/** Parts made since the last reset, nested messages included. */
let totalParts: i32 = 0;
export function resetPartCount(): void {
  totalParts = 0;
}

let err: i32 = 0;
let root: usize = 0;
let current: usize = 0;
let lastNode: usize = 0;
let headerBytes: i32 = 0;
let boundaries: usize = 0; // stack of node pointers
let boundaryCount: i32 = 0;
let boundaryCap: i32 = 0;
let active: usize = 0; // the leaf whose body is being decoded

function makeNode(parent: usize): usize {
  if (++totalParts > maxParts) { err = ERR_PARTS; return 0; }
  if (parent && load<i32>(parent + N_DEPTH) + 1 > maxDepth) { err = ERR_DEPTH; return 0; }
  const n = newNode(parent);
  if (lastNode) store<u32>(lastNode + N_NEXT, <u32>n);
  lastNode = n;
  return n;
}

function pushBoundary(node: usize): void {
  if (boundaryCount == boundaryCap) {
    const cap = boundaryCap * 2 + 16;
    const nb = alloc(<usize>cap << 2);
    if (boundaryCount) memory.copy(nb, boundaries, <usize>boundaryCount << 2);
    boundaries = nb;
    boundaryCap = cap;
  }
  store<u32>(boundaries + (<usize>(boundaryCount++) << 2), <u32>node);
}

function headersDone(node: usize): void {
  processHeaders(node);
  if (load<i32>(node + N_MULTIPART) && load<i32>(node + N_BOUNDARY_LEN) > 0) pushBoundary(node);
}

/** Closes the active leaf's content: flushes a pending base64 group. */
function closeActive(): void {
  if (!active) return;
  const start = <usize>load<u32>(active + N_CONTENT);
  let out = start + <usize>load<i32>(active + N_CONTENT_LEN);
  if (load<i32>(active + N_ENCODING) == ENC_BASE64) {
    ensure(out + 8);
    out = base64Flush(out);
  }
  store<i32>(active + N_CONTENT_LEN, <i32>(out - start));
  arenaCommit(out);
  active = 0;
}

function finalize(node: usize): void {
  if (load<i32>(node + N_STATE) == STATE_FINISHED) return;
  if (load<i32>(node + N_STATE) == STATE_HEADER) headersDone(node);
  for (let i = boundaryCount - 1; i >= 0; i--) {
    if (<usize>load<u32>(boundaries + (<usize>i << 2)) == node) {
      // splice it out
      for (let j = i; j < boundaryCount - 1; j++) {
        store<u32>(boundaries + (<usize>j << 2), load<u32>(boundaries + (<usize>(j + 1) << 2)));
      }
      boundaryCount--;
      break;
    }
  }
  finalizeChildren(node);
  if (node == active) closeActive();
  store<i32>(node + N_STATE, STATE_FINISHED);
}

function finalizeChildren(node: usize): void {
  let done = <usize>load<u32>(node + N_CURSOR);
  let next = done ? <usize>load<u32>(done + N_SIBLING) : <usize>load<u32>(node + N_FIRST_CHILD);
  while (next) {
    finalize(next);
    store<u32>(node + N_CURSOR, <u32>next);
    next = <usize>load<u32>(next + N_SIBLING);
  }
}

/** Body line of a leaf: decoded and appended to its content. */
function feedBody(node: usize, p: usize, len: i32): void {
  if (load<i32>(node + N_MULTIPART)) return; // preamble/epilogue: never read
  if (active != node) {
    if (active) { err = ERR_INTERNAL; return; }
    active = node;
    base64Reset();
    store<u32>(node + N_CONTENT, <u32>arenaTop());
    store<i32>(node + N_CONTENT_LEN, 0);
  }
  const start = <usize>load<u32>(node + N_CONTENT);
  let out = start + <usize>load<i32>(node + N_CONTENT_LEN);
  // another allocation since the last line would break contiguity
  if (arenaTop() > ((out + 7) & ~<usize>7)) { err = ERR_INTERNAL; return; }
  ensure(out + <usize>len + 8);
  const enc = load<i32>(node + N_ENCODING);
  if (enc == ENC_BASE64) {
    out = base64Update(p, len, out);
  } else if (enc == ENC_QP) {
    out = qpLine(p, len, out);
  } else {
    memory.copy(out, p, <usize>len);
    out += <usize>len;
    store<u8>(out++, 0x0a);
  }
  store<i32>(node + N_CONTENT_LEN, <i32>(out - start));
  arenaCommit(out);
}

/** A line for `node`: a header line, the blank line ending them, or body. */
function feed(node: usize, lineStart: usize, len: i32, next: usize): void {
  const state = load<i32>(node + N_STATE);
  if (state == STATE_HEADER) {
    if (len == 0) {
      store<i32>(node + N_BODY_START, <i32>next);
      store<i32>(node + N_STATE, STATE_BODY);
      headersDone(node);
      return;
    }
    headerBytes += len;
    if (headerBytes > maxHeaderBytes) { err = ERR_HEADER_SIZE; return; }
    if (load<i32>(node + N_HDR_START) < 0) store<i32>(node + N_HDR_START, <i32>lineStart);
    store<i32>(node + N_HDR_END, <i32>next);
  } else if (state == STATE_BODY) {
    feedBody(node, lineStart, len);
  }
}

/**
 * A boundary line of `node` ends its open child's raw body where the line
 * break before the boundary begins (RFC 2046: that break belongs to the boundary).
 */
function endLastChild(node: usize, boundaryLine: usize): void {
  const child = <usize>load<u32>(node + N_LAST_CHILD);
  if (!child || load<i32>(child + N_BODY_END) >= 0) return;
  let end = boundaryLine;
  if (end > 0 && load<u8>(end - 1) == 0x0a) end--;
  if (end > 0 && load<u8>(end - 1) == CR) end--;
  store<i32>(child + N_BODY_END, <i32>end);
}

/** A boundary line of any open multipart, or 0. Sets isTerminator. */
let isTerminator = false;
function matchBoundary(p: usize, len: i32): usize {
  for (let i = boundaryCount - 1; i >= 0; i--) {
    const node = <usize>load<u32>(boundaries + (<usize>i << 2));
    const b = <usize>load<u32>(node + N_BOUNDARY);
    const bl = load<i32>(node + N_BOUNDARY_LEN);
    if (len < bl + 2) continue;
    if (memory.compare(p + 2, b, <usize>bl) != 0) continue;
    let end = bl + 2;
    let term = false;
    if (len >= bl + 4 && load<u8>(p + <usize>end) == 0x2d && load<u8>(p + <usize>end + 1) == 0x2d) {
      term = true;
      end += 2;
    }
    let ok = true;
    for (let j = end; j < len; j++) {
      const c = load<u8>(p + <usize>j);
      if (c != 0x20 && c != 0x09) { ok = false; break; }
    }
    if (!ok) continue;
    isTerminator = term;
    return node;
  }
  return 0;
}

/**
 * Parses [start, start+len) into nodes. Returns a result record; its error
 * field is non-zero when a limit was hit.
 */
export function parseMessage(start: usize, len: i32, depthLimit: i32, partLimit: i32, headerLimit: i32): usize {
  maxDepth = depthLimit;
  maxParts = partLimit;
  maxHeaderBytes = headerLimit;
  err = 0;
  headerBytes = 0;
  lastNode = 0;
  boundaries = 0;
  boundaryCount = 0;
  boundaryCap = 0;
  active = 0;
  const res = alloc(R_SIZE);
  memory.fill(res, 0, R_SIZE);
  root = makeNode(0);
  if (!root) { store<i32>(res + R_ERROR, err); return res; }
  current = root;
  const end = start + <usize>len;
  let pos = start;
  while (pos < end) {
    const lineStart = pos;
    const lf = findByte(pos, end, 0x0a);
    let le = lf;
    while (le > lineStart && load<u8>(le - 1) == CR) le--;
    pos = lf < end ? lf + 1 : lf;
    const ll = <i32>(le - lineStart);

    let node: usize = 0;
    if (boundaryCount > 0 && ll > 2 && load<u8>(lineStart) == 0x2d && load<u8>(lineStart + 1) == 0x2d) {
      node = matchBoundary(lineStart, ll);
    }
    if (node) {
      endLastChild(node, lineStart);
      if (isTerminator) {
        finalize(node);
        const parent = <usize>load<u32>(node + N_PARENT);
        current = parent ? parent : root;
      } else {
        finalizeChildren(node);
        current = makeNode(node);
      }
    } else {
      feed(current, lineStart, ll, pos);
    }
    if (err) break;
  }
  if (!err) finalize(root);
  store<u32>(res + R_ROOT, <u32>root);
  store<i32>(res + R_ERROR, err);
  return res;
}
