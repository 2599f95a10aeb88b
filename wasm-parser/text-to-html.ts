// HTML from plain text, for a mail whose html part is missing where its text
// part is present, and the escaping the nested-message header blocks share.
// The markup is postal-mime's, so that both parsers render the same body.

/** Characters escaped as hexadecimal references; the value is trimmed first. */
const ESCAPES: Record<string, string> = {
  "&": "&#x26;",
  "<": "&#x3C;",
  ">": "&#x3E;",
  '"': "&#x22;",
  "'": "&#x27;",
  "?": "&#x3F;",
};

export function escapeHtml(text: string): string {
  return text.trim().replace(/[&<>"'?]/g, (c) => ESCAPES[c]);
}

/** One <div>, each line break a <br />. */
export function textToHtml(text: string): string {
  return `<div>${escapeHtml(text).split("\n").join("<br />")}</div>`;
}
