// The block that stands for an inline message/rfc822 part's headers in the
// body of the mail around it: a ruled, aligned table in text, a <div> table in
// html. Markup and class names are postal-mime's, so both parsers agree.
import type { Address, Mailbox } from "postal-mime";
import { escapeHtml } from "./text-to-html";

/** The header fields of a nested message that its block shows. */
export interface NestedHeaders {
  from?: Address;
  subject?: string;
  /** ISO 8601 when the Date header parses, else the header as received */
  date?: string;
  to: Address[];
  cc: Address[];
  bcc: Address[];
}

type Row = { label: string; kind: "addresses"; value: Address[] } | { label: string; kind: "subject" | "date"; value: string };

function rows(headers: NestedHeaders): Row[] {
  const out: Row[] = [];
  if (headers.from) out.push({ label: "From", kind: "addresses", value: [headers.from] });
  if (headers.subject) out.push({ label: "Subject", kind: "subject", value: headers.subject });
  if (headers.date) out.push({ label: "Date", kind: "date", value: headers.date });
  for (const [label, list] of [
    ["To", headers.to],
    ["Cc", headers.cc],
    ["Bcc", headers.bcc],
  ] as const) {
    if (list.length) out.push({ label, kind: "addresses", value: list });
  }
  return out;
}

let dateFormat: Intl.DateTimeFormat | null = null;

/** A parseable date in the runtime's locale, 24-hour clock; anything else as received. */
function displayDate(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time) || typeof Intl === "undefined") return value;
  dateFormat ??= new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
    hour12: false,
  });
  return dateFormat.format(time);
}

interface AddressStyle {
  mailbox(mailbox: Mailbox): string;
  separator: string;
  groupStart(name: string): string;
  groupEnd: string;
  join: string;
}

const textStyle: AddressStyle = {
  mailbox: (m) => (m.name ? `${m.name} <${m.address}>` : m.address),
  separator: ", ",
  groupStart: (name) => `${name}:`,
  groupEnd: ";",
  join: "",
};

const htmlStyle: AddressStyle = {
  mailbox: (m) => `<a href="mailto:${escapeHtml(m.address)}" class="postal-email-address">${escapeHtml(m.name || `<${m.address}>`)}</a>`,
  separator: '<span class="postal-email-address-separator">, </span>',
  groupStart: (name) => `<span class="postal-email-address-group">${escapeHtml(name)}:</span>`,
  groupEnd: '<span class="postal-email-address-group">;</span>',
  join: " ",
};

function addressList(list: Address[], style: AddressStyle): string {
  const pieces: string[] = [];
  const add = (items: Address[]) =>
    items.forEach((item, i) => {
      if (i) pieces.push(style.separator);
      if (item.group) {
        pieces.push(style.groupStart(item.name));
        add(item.group);
        pieces.push(style.groupEnd);
      } else {
        pieces.push(style.mailbox(item));
      }
    });
  add(list);
  return pieces.join(style.join);
}

/** Lines of at most `width` characters, broken at whitespace; a longer word keeps a line to itself. */
function wrap(value: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  let lineStart = 0;
  for (const word of value.matchAll(/\S+/g)) {
    const end = word.index + word[0].length;
    if (line && end - lineStart >= width) {
      lines.push(line);
      line = "";
    }
    if (!line) lineStart = word.index;
    line = value.slice(lineStart, end);
  }
  lines.push(line);
  return lines;
}

export function textHeaderBlock(headers: NestedHeaders): string {
  const table = rows(headers);
  const width = Math.max(0, ...table.map((row) => row.label.length)) + 2;
  const lines: string[] = [];
  for (const row of table) {
    const value = row.kind === "addresses" ? addressList(row.value, textStyle) : row.kind === "date" ? displayDate(row.value) : row.value;
    for (const [i, line] of wrap(value, 80).entries()) lines.push((i ? "" : `${row.label}:`).padEnd(width) + line);
  }
  const rule = "-".repeat(Math.max(0, ...lines.map((line) => line.length)));
  return `\n${rule}\n${lines.join("\n")}\n${rule}\n`;
}

export function htmlHeaderBlock(headers: NestedHeaders): string {
  const cells = rows(headers).map((row) => {
    let value: string;
    let classes = "postal-email-header-value";
    let attributes = "";
    if (row.kind === "addresses") {
      value = addressList(row.value, htmlStyle);
    } else if (row.kind === "subject") {
      classes += " postal-email-header-subject";
      value = escapeHtml(row.value);
    } else {
      classes += " postal-email-header-date";
      attributes = ` data-date="${escapeHtml(row.value)}"`;
      value = escapeHtml(displayDate(row.value));
    }
    return `<div class="postal-email-header-row"><div class="postal-email-header-key">${row.label}</div><div class="${classes}"${attributes}>${value}</div></div>`;
  });
  return `<div class="postal-email-header">${cells.join("\n")}</div>`;
}
