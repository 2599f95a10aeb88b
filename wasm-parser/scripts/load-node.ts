// Loads build/parser.wasm from disk for Node-side scripts (bench, long fuzz).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { WasmMimeParser } from "../parser";

export function loadWasmParser(): WasmMimeParser {
  const root = process.env.WASM_PARSER_DIR ?? join(dirname(fileURLToPath(import.meta.url)), "..");
  return new WasmMimeParser(new WebAssembly.Module(readFileSync(join(root, "build/parser.wasm"))));
}
