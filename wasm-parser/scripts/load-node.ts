// Loads build/parser.wasm from disk for Node-side scripts (bench, long fuzz),
// which npm runs from the project root.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { WasmMimeParser } from "../wasm-mime-parser";

export function loadWasmParser(): WasmMimeParser {
  const file = resolve(process.env.WASM_PARSER_FILE ?? "wasm-parser/build/parser.wasm");
  return new WasmMimeParser(new WebAssembly.Module(readFileSync(file)));
}
