// parseMail: the one parsing entry the inbound path calls. It never throws:
// a message no parser can read comes back as `parseError`, and is stored raw.
import { parseWithPostalMime } from "./postal";
import type { ParsedMail } from "./parsed";

export type ParseOutcome = { mail: ParsedMail; error: null } | { mail: null; error: string };

export async function parseMail(raw: Uint8Array): Promise<ParseOutcome> {
  try {
    return { mail: await parseWithPostalMime(raw), error: null };
  } catch (err) {
    return { mail: null, error: `postal-mime: ${err instanceof Error ? err.message : String(err)}` };
  }
}
