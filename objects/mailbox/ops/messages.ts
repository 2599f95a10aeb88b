// Owner operations on the mail itself: meta, list, read, mark read, raw, attachments, delete, clear, long-poll, destroy.

import type { JsonText } from "../../../src/contract/json-text";
import type { AttachmentInfo, MailboxMeta, MessageDetail, MessageFolder, MessageList, MessageSummary } from "../../../src/contract/wire";
import type { AddressRow } from "../../directory/address-index";
import type { ActiveFacts } from "../lifetime";
import { RAW_PART } from "../message-store";
import { fail } from "../outcome";
import type { MailboxParts } from "../parts";
import { summaryOf } from "../stored-message";

/**
 * What a waiting long-poll was woken with, kept to id > after: an `after` past the newest id (a
 * client's mistake) waits on until mail passes it, rather than answering with mail it said it has.
 */
async function newerThan(p: MailboxParts, after: number, deadline: number, woken: Promise<MessageSummary[]>): Promise<MessageSummary[]> {
  for (let arrived = await woken; arrived.length > 0; ) {
    const newer = arrived.filter((m) => m.id > after);
    const left = deadline - Date.now();
    if (newer.length > 0 || left <= 0) return newer;
    arrived = await p.live.wait(after, left);
  }
  return [];
}

export const messageOps = {
  meta(p: MailboxParts, s: ActiveFacts): MailboxMeta {
    const stats = p.messages.stats();
    return {
      address: p.address,
      createdAt: new Date(s.createdAt).toISOString(),
      expiresAt: new Date(s.expiresAt).toISOString(),
      count: stats.count,
      latestId: stats.latestId,
      storedBytes: stats.storedBytes,
      maxBytes: p.config.mailboxMaxBytes,
    };
  },

  /** As the JSON text it is sent in: SQLite writes each summary (summary-json.ts). */
  list(p: MailboxParts, _s: ActiveFacts, before: number, limit: number, folder: MessageFolder = "inbox"): JsonText<MessageList> {
    const page = p.messages.summaryPage(before, limit, folder);
    return `{"messages":[${page.items}],"nextBefore":${page.nextBefore}}` as JsonText<MessageList>;
  },

  /** As the JSON text it is sent in: SQLite writes the detail (summary-json.ts). */
  message(p: MailboxParts, _s: ActiveFacts, id: number): JsonText<MessageDetail> {
    return p.messages.detail(id) ?? fail("not_found", `No message ${id} in this mailbox.`);
  },

  raw(p: MailboxParts, _s: ActiveFacts, id: number): Uint8Array {
    return p.messages.readBlob(id, RAW_PART) ?? fail("not_found", `No message ${id} in this mailbox.`);
  },

  attachment(p: MailboxParts, _s: ActiveFacts, id: number, index: number): { info: AttachmentInfo; content: Uint8Array } {
    const info = p.messages.attachmentInfo(id, index);
    const content = info && p.messages.readBlob(id, index);
    if (!info || !content) fail("not_found", `No attachment ${index} on message ${id}.`);
    return { info, content };
  },

  /** Read or unread, for every client of the mailbox alike; sockets hear a `seen` frame when it changed. */
  markSeen(p: MailboxParts, _s: ActiveFacts, id: number, seen: boolean): MessageSummary {
    const before = p.messages.stored(id) ?? fail("not_found", `No message ${id} in this mailbox.`);
    if (before.seen !== seen) {
      p.messages.setSeen(id, seen);
      p.live.push({ type: "seen", id, seen });
    }
    return summaryOf({ ...before, seen });
  },

  deleteMessage(p: MailboxParts, _s: ActiveFacts, id: number): void {
    if (!p.messages.delete(id)) fail("not_found", `No message ${id} in this mailbox.`);
    p.live.push({ type: "deleted", id });
  },

  clear(p: MailboxParts): void {
    p.messages.clear();
    p.live.push({ type: "cleared" });
  },

  /** Long-poll: mail with id > after, as soon as there is any, or [] after the timeout. */
  waitFor(p: MailboxParts, _s: ActiveFacts, after: number, timeoutMs: number): MessageSummary[] | Promise<MessageSummary[]> {
    const ready = p.live.wait(after, timeoutMs);
    return Array.isArray(ready) ? ready : newerThan(p, after, Date.now() + timeoutMs, ready);
  },

  /** The owner deletes the mailbox: like expiry, but now. Answers the directory's row for it. */
  destroy(p: MailboxParts): Promise<AddressRow | null> {
    return p.retention.retire("deleted");
  },
};
