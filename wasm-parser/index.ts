// wasm-parser: the MIME parser compiled to WebAssembly. The one entry the
// Worker uses; the module is compiled by wrangler (and the vitest pool) from
// build/parser.wasm, which `npm run build:wasm` makes.

import type { ParsedMail } from "../src/contract/parsed-mail";
import wasmModule from "./build/parser.wasm";
import { WasmMimeParser, type WasmParserOptions } from "./wasm-mime-parser";

export { defaultWasmParserOptions, WasmMimeParser, WasmParserLimit, type WasmParserOptions } from "./wasm-mime-parser";

export const wasmParser = new WasmMimeParser(wasmModule);

/** Parses raw RFC 822 bytes. Throws WasmParserLimit past a limit, or on a wasm trap. */
export function parseWithWasm(raw: Uint8Array, options?: Partial<WasmParserOptions>): ParsedMail {
  return wasmParser.parseMail(raw, options);
}
