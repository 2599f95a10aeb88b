// APPEND: the one copy a client may put in a folder is the copy of a mail it
// has just sent from this address. Thunderbird, Apple Mail and Outlook save
// one to Sent after every send unless told not to, and the service filed that
// mail in Sent already when it was submitted; so the copy is matched to it by
// Message-ID and answered with its UID instead of being stored twice (what
// Gmail does). Anything else is refused: mail arrives in INBOX by mail only.
import type { Pigeonhole } from "../../client/sdk/index.ts";
import { fieldValue, headerFields } from "../mime.ts";
import { uidValidityOf } from "./folder.ts";
import { folderNamed } from "./folders.ts";
import { attributeText, type ParsedAttribute } from "./values.ts";

/**
 * A copy is looked for among the newest sent mails of the last hour only: a client appends right
 * after it sends, and each candidate costs a request, so a client appending in a loop costs one list.
 */
const APPEND_LOOKBACK = 20;
const APPEND_WINDOW_MS = 60 * 60 * 1000;

/** The Message-ID in a message's header, without its angle brackets, or null. */
export function headerMessageId(raw: string): string | null {
  const end = raw.search(/\r?\n\r?\n/);
  const block = Buffer.from(end < 0 ? raw : raw.slice(0, end + 1), "latin1");
  const value = fieldValue(headerFields(block), "message-id");
  return value ? bareId(value) : null;
}

const bareId = (id: string) => id.trim().replace(/^<|>$/g, "").trim() || null;

/** Whether the APPEND's optional flag list (the argument after the folder name) holds \Seen. */
function hasSeenFlag(args: ParsedAttribute[]): boolean {
  const flags = args[1];
  return Array.isArray(flags) && flags.some((f) => attributeText(f ?? undefined).toLowerCase() === "\\seen");
}

/** How much of a copy is read for its header: a Message-ID is near the top, and a header has no business being larger. */
const HEADER_READ = 256 * 1024;

/** Answers `APPEND mailbox [flags] [date] literal`; `framed` is the message when the command reader kept it apart. */
export async function appendCopy(client: Pigeonhole, args: ParsedAttribute[], framed: Uint8Array | null): Promise<string> {
  const last = args[args.length - 1];
  if (args.length < 2 || !last || Array.isArray(last) || last.type !== "LITERAL") {
    return "BAD APPEND takes a folder name and the message as a literal.";
  }
  const head = framed ? Buffer.from(framed.subarray(0, HEADER_READ)).toString("latin1") : attributeText(last).slice(0, HEADER_READ);
  const folder = folderNamed(attributeText(args[0]));
  if (!folder) return "NO [NONEXISTENT] No such folder, and none can be made; this mailbox has INBOX and Sent.";
  if (folder.name !== "Sent") {
    return "NO [CANNOT] Mail arrives in INBOX by mail only; only a copy of a mail sent from this address can go to Sent.";
  }
  const id = headerMessageId(head);
  if (!id) return "NO [CANNOT] Sent holds only mail sent from this address; this copy has no Message-ID to match it by.";
  const page = await client.list({ folder: "sent", limit: APPEND_LOOKBACK });
  const since = Date.now() - APPEND_WINDOW_MS;
  for (const summary of page.messages.filter((m) => Date.parse(m.receivedAt) >= since)) {
    const sent = await client.get(summary.id);
    if (sent.messageId && bareId(sent.messageId) === id) {
      // The flags the client gave its copy go on the mail (RFC 3501 §6.3.11): a saved sent mail is \Seen.
      if (hasSeenFlag(args) && !summary.seen) await client.markSeen(sent.id, true);
      const meta = await client.meta();
      return `OK [APPENDUID ${uidValidityOf(meta.createdAt)} ${sent.id}] APPEND completed: the mail is in Sent already`;
    }
  }
  return "NO [CANNOT] Sent holds only mail sent from this address, and none sent in the last hour has this Message-ID; send it by SMTP.";
}
