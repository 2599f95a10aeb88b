// parseMail: the one parsing entry the inbound path calls. wasm-parser first;
// past one of its limits or on a wasm trap, postal-mime, and the mail says so
// in `warnings`. It never throws: a message no parser can read comes back as
// `parseError`, and is stored raw.
import { parseWithPostalMime } from "./postal";
import type { ParsedMail } from "../contract/parsed-mail";
import { parseWithWasm, type WasmParserOptions } from "../../wasm-parser/index";

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
