// ENVELOPE (RFC 3501 §7.4.2) from a message's own header lines: strings as
// written; addresses split by postal-mime's address parser, with a display
// name that is not plain ASCII given back as one RFC 2047 word.
import { addressParser } from "postal-mime";
import { fieldValue, headerFields, type MimeStructure } from "../mime.ts";
import { type ImapValue, str } from "./values.ts";

type Parsed = ReturnType<typeof addressParser>[number];

function encodedName(name: string): string | null {
  if (!name) return null;
  if (/^[\x20-\x7e]*$/.test(name)) return name;
  return `=?utf-8?B?${Buffer.from(name, "utf8").toString("base64")}?=`;
}

function oneAddress(name: string, address: string): ImapValue {
  const at = address.lastIndexOf("@");
  const mailbox = at < 0 ? address : address.slice(0, at);
  const host = at < 0 ? null : address.slice(at + 1);
  return [str(encodedName(name)), null, str(mailbox || null), str(host)];
}

/** An address list, or NIL when the field is absent or names nobody. */
function addressList(value: string | null): ImapValue {
  if (value === null) return null;
  // The header's bytes read as UTF-8: what 8-bit headers almost always are.
  const text = Buffer.from(value, "latin1").toString("utf8");
  const out: ImapValue[] = [];
  const add = (entry: Parsed) => {
    if ("group" in entry && Array.isArray(entry.group)) {
      // RFC 3501: a group is its name as a mailbox with no host, its members, then an end marker.
      out.push([null, null, str(encodedName(entry.name) ?? ""), null]);
      for (const member of entry.group) add(member);
      out.push([null, null, null, null]);
    } else if ("address" in entry && entry.address) {
      out.push(oneAddress(entry.name, entry.address));
    }
  };
  for (const entry of addressParser(text)) add(entry);
  return out.length ? out : null;
}

/** The ENVELOPE of a message (the root, or one nested in a message/rfc822 part). */
export function envelope(raw: Buffer, message: MimeStructure): ImapValue {
  const fields = headerFields(raw.subarray(message.start, message.bodyStart));
  const get = (name: string) => fieldValue(fields, name);
  const from = addressList(get("from"));
  return [
    str(get("date")),
    str(get("subject")),
    from,
    addressList(get("sender")) ?? from,
    addressList(get("reply-to")) ?? from,
    addressList(get("to")),
    addressList(get("cc")),
    addressList(get("bcc")),
    str(get("in-reply-to")),
    str(get("message-id")),
  ];
}
