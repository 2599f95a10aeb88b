// wasm-parser exports: raw pointers into linear memory, no managed objects.
// The TypeScript side (wasm-parser/wasm-mime-parser.ts) copies a message in once, calls
// parse, and reads records and byte ranges back through views.
import { alloc, arenaRelease, arenaReset, arenaTop, ensure } from "./arena";
import { parseMessage, resetPartCount } from "./message-parser";
import { decodeWords as decodeWordsImpl } from "./encoded-words";
import { decodeUtf7 as decodeUtf7Impl } from "./utf7-decoder";

// Every record offset, size and code as an exported global, so that a test can
// check the wasm being run was built from the layout the reader uses.
export * from "../layout";

/** Drops everything from the previous parse and reserves room for the input. */
export function begin(inputLength: i32): usize {
  arenaReset();
  resetPartCount();
  const p = alloc(<usize>inputLength);
  // decoded bodies are at most about the size of the input: one grow up front
  ensure(p + (<usize>inputLength << 1) + 0x10000);
  return p;
}

export function allocate(length: i32): usize {
  return alloc(<usize>length);
}

export function mark(): usize {
  return arenaTop();
}

export function release(p: usize): void {
  arenaRelease(p);
}

export function parse(ptr: usize, len: i32, maxDepth: i32, maxParts: i32, maxHeaderBytes: i32): usize {
  return parseMessage(ptr, len, maxDepth, maxParts, maxHeaderBytes);
}

export function decodeWords(ptr: usize, len: i32, join: i32): usize {
  return decodeWordsImpl(ptr, len, join != 0);
}

export function decodeUtf7(ptr: usize, len: i32): usize {
  return decodeUtf7Impl(ptr, len);
}
