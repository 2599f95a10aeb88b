// parseMail: the one parsing entry of the inbound path: wasm-parser, else postal-mime (said in `warnings`), else `parseError`.
// It never throws: a message no parser can read is still stored, raw.

import { parseWithWasm, type WasmParserOptions } from "../../wasm-parser/index";
import type { ParsedMail } from "../contract/parsed-mail";
import { parseWithPostalMime } from "./postal";

export type ParseOutcome = { mail: ParsedMail; error: null } | { mail: null; error: string };

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function parseMail(raw: Uint8Array, options?: Partial<WasmParserOptions>): Promise<ParseOutcome> {
  let wasmFailure: string;
  try {
    return { mail: parseWithWasm(raw, options), error: null };
  } catch (err) {
    // A limit (WasmParserLimit) or a trap: either way the message says which.
    wasmFailure = `wasm-parser: ${reason(err)}`;
  }
  try {
    const mail = await parseWithPostalMime(raw);
    mail.warnings.push(`${wasmFailure}; fell back to postal-mime`);
    return { mail, error: null };
  } catch (err) {
    return { mail: null, error: `${wasmFailure}; postal-mime: ${reason(err)}` };
  }
}
