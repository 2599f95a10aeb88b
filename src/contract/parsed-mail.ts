// ParsedMail: what a parser makes of one raw RFC 822 message. Every parser
// (wasm-parser, postal-mime) returns exactly this shape, so the inbound path
// does not care which one ran.
import type { MailAddress } from "./wire";

export type { MailAddress };

export interface ParsedHeader {
  /** lower-case header name */
  key: string;
  /** unfolded value, encoded words left as received */
  value: string;
}

export interface ParsedAttachment {
  filename: string | null;
  contentType: string;
  disposition: "attachment" | "inline" | null;
  contentId: string | null;
  /** decoded bytes */
  content: Uint8Array;
}

export interface ParsedMail {
  headers: ParsedHeader[];
  subject: string | null;
  from: MailAddress | null;
  sender: MailAddress | null;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  /** ISO 8601, or null when absent or unparseable */
  date: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  text: string | null;
  html: string | null;
  attachments: ParsedAttachment[];
  /** which parser produced this: "wasm-parser" or "postal-mime" */
  parser: string;
  /** set when a charset had to be guessed or a limit forced a fallback */
  warnings: string[];
}
