// Sender authentication: SPF, DKIM and DMARC as the receiving service recorded them in
// the topmost Authentication-Results header (RFC 8601) carrying its authserv-id. The
// receiving service prepends its header, so anything below it, or under another
// authserv-id, was written by the sender or by hops we do not trust, and is ignored.
// One linear pass over a bounded prefix of the raw message; never throws.
import { type MessageAuth, NO_AUTH } from "../contract/delivery-log";

/** The receiving service's header is among the first; a header section longer than this is not read further. */
const SCAN_BYTES = 64 * 1024;
/** One Authentication-Results field is cut here (a real one is a few hundred characters). */
const FIELD_CHARS = 8 * 1024;
const RESULT = /^[a-z][a-z0-9_-]{0,31}$/;

type Method = keyof MessageAuth;
const METHODS = new Set<string>(["spf", "dkim", "dmarc"]);

/** The verdict of the topmost Authentication-Results whose authserv-id is `authservId` (all null when there is none). */
export function readMessageAuth(raw: Uint8Array, authservId: string): MessageAuth {
  try {
    for (const value of authResultsFields(raw)) {
      const verdict = parseAuthResults(value, authservId);
      if (verdict) return verdict;
    }
  } catch (err) {
    // A verdict is a nicety; the mail must be stored whatever its headers hold.
    console.error("Authentication-Results not read", err);
  }
  return { ...NO_AUTH };
}

/** Each Authentication-Results field of the header section, unfolded, top to bottom. */
export function* authResultsFields(raw: Uint8Array): Generator<string> {
  // latin1 maps every byte to one character: no decoding error, offsets stay bytes.
  const head = new TextDecoder("latin1").decode(raw.subarray(0, SCAN_BYTES));
  let field: string | null = null;
  let start = 0;
  while (start < head.length) {
    const end = head.indexOf("\n", start);
    // A line cut by SCAN_BYTES is incomplete: drop it rather than read half a field.
    if (end < 0) break;
    const line = head.charCodeAt(end - 1) === 13 ? head.slice(start, end - 1) : head.slice(start, end);
    start = end + 1;
    if (line === "") break; // the end of the header section
    const first = line.charCodeAt(0);
    if (first === 32 || first === 9) {
      if (field !== null && field.length < FIELD_CHARS) field += line;
      continue;
    }
    if (field !== null) yield field.slice(0, FIELD_CHARS);
    const colon = line.indexOf(":");
    field = colon > 0 && line.slice(0, colon).trimEnd().toLowerCase() === "authentication-results" ? line.slice(colon + 1) : null;
  }
  if (field !== null) yield field.slice(0, FIELD_CHARS);
}

/**
 * One field's value: null when its authserv-id is not `authservId`, else the spf, dkim and
 * dmarc results in it. A method given more than once (a mail may carry several DKIM
 * signatures) counts as "pass" if any instance passed, else as its first result.
 */
export function parseAuthResults(value: string, authservId: string): MessageAuth | null {
  const [head, ...resinfos] = splitClauses(value);
  // authserv-id [CFWS authres-version]
  const id =
    head
      .trim()
      .split(/[ \t]+/)[0]
      ?.toLowerCase() ?? "";
  if (id === "" || id !== authservId) return null;
  const verdict: MessageAuth = { ...NO_AUTH };
  for (const clause of resinfos) {
    const found = methodResult(clause);
    if (!found) continue;
    const [method, result] = found;
    const seen = verdict[method];
    if (seen === null || (seen !== "pass" && result === "pass")) verdict[method] = result;
  }
  return verdict;
}

/** `method[/version] = result …`: the method and its result, when the method is one we report. */
function methodResult(clause: string): [Method, string] | null {
  const eq = clause.indexOf("=");
  if (eq < 0) return null; // "none", or a stray word
  const method = clause.slice(0, eq).split("/")[0].trim().toLowerCase();
  if (!METHODS.has(method)) return null;
  const rest = clause.slice(eq + 1).trimStart();
  let stop = 0;
  while (stop < rest.length && !isSpace(rest.charCodeAt(stop))) stop++;
  const result = rest.slice(0, stop).toLowerCase();
  return RESULT.test(result) ? [method as Method, result] : null;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/**
 * Splits at `;` outside quoted strings, with comments (nested, RFC 5322 CFWS) turned
 * into one space and quoted strings kept without their quotes. One pass, no backtracking.
 */
export function splitClauses(value: string): string[] {
  const clauses: string[] = [];
  let current = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === "\\" && (quoted || depth > 0)) {
      if (quoted) current += value[i + 1] ?? "";
      i++;
    } else if (depth > 0) {
      if (ch === "(") depth++;
      else if (ch === ")") depth--;
      if (depth === 0) current += " ";
    } else if (quoted) {
      if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === "(") {
      depth = 1;
    } else if (ch === ";") {
      clauses.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  clauses.push(current);
  return clauses;
}
