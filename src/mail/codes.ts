// Finds verification codes and one-time links in a message, so a person (or
// a script, or the Telegram relay) does not have to read the mail to get them.
// A wrong code is worse than none: a candidate is offered only when words
// around it name it a code (docs/parsing.md, "Codes and links", has the rules).
// Linear in the mail: the text read is bounded and every pass is one sweep.
import type { FoundCode } from "../contract/wire";
import { findLinks } from "./code-links";
import { INTENT_SCAN, readCodes } from "./code-reader";
import { BODY_READ_MAX, codeText, SUBJECT_MAX } from "./code-text";
import { STRONG_SCAN, WEAK_SCAN } from "./code-word-spans";
import { htmlText } from "./html-text";

export interface CodeSource {
  subject: string | null;
  text: string | null;
  html: string | null;
  /** the envelope's and headers' addresses: digits of the sender's or recipient's own address are never a code */
  addresses?: string[];
}

/** Alphanumeric pieces of the mail's own addresses ("user482913@…" → USER482913, 482913). */
function ownPieces(addresses: string[]): Set<string> {
  const out = new Set<string>();
  for (const address of addresses) {
    for (const piece of address.toUpperCase().split(/[^A-Z0-9]+/)) {
      if (piece.length >= 4 && /\d/.test(piece)) out.add(piece);
      for (const digits of piece.match(/\d{4,}/g) ?? []) out.add(digits);
    }
  }
  return out;
}

/** Whether the subject speaks of signing in, verifying or a code (no subject: take it as yes). */
function aboutSignIn(subject: string | null): boolean {
  const head = (subject ?? "").slice(0, SUBJECT_MAX);
  return !head.trim() || INTENT_SCAN.test(head) || STRONG_SCAN.test(head) || WEAK_SCAN.test(head);
}

/** Whether a body has any text in the part the finder reads (never a pass over a whole 25 MiB body). */
const hasText = (body: string | null | undefined): body is string => !!body && /\S/.test(body.slice(0, BODY_READ_MAX));

export function findCodes(source: CodeSource): FoundCode[] {
  const html = source.html ? htmlText(source.html, BODY_READ_MAX) : null;
  const own = ownPieces(source.addresses ?? []);
  // the text body first; the HTML when the text has no code (or there is no text body)
  const bodies = [source.text, html?.text].filter(hasText);
  let codes: string[] = [];
  for (const body of bodies.length ? bodies : [""]) {
    codes = readCodes(codeText(source.subject, body), own);
    if (codes.length) break;
  }
  const text = source.text ? source.text.slice(0, BODY_READ_MAX) : null;
  return [
    ...codes.map((value) => ({ kind: "code" as const, value })),
    ...findLinks(text, html?.anchors ?? [], aboutSignIn(source.subject)).map((value) => ({ kind: "link" as const, value })),
  ];
}
