// Where a new message goes (the inbox, junk, or the sent folder with its first
// status) and the summary it becomes, made without reading it back.
import type { Delivery } from "../../src/contract/delivery";
import { NO_AUTH } from "../../src/contract/delivery-log";
import type { MessageFolder, MessageSummary, SendStatus } from "../../src/contract/wire";

export interface Placement {
  folder: MessageFolder;
  status: SendStatus | null;
}

export const INBOX: Placement = { folder: "inbox", status: null };
export const JUNK: Placement = { folder: "junk", status: null };

/** The summary a delivery becomes, without reading it back. */
export function deliveredSummary(id: number, d: Delivery, placement: Placement = INBOX): MessageSummary {
  return {
    id,
    folder: placement.folder,
    status: placement.status,
    statusReason: null,
    receivedAt: new Date(d.receivedAt).toISOString(),
    from: d.from,
    subject: d.subject,
    snippet: d.snippet,
    size: d.size,
    tag: d.tag,
    codes: d.codes,
    attachmentCount: d.attachments.length,
    parseError: d.parseError,
    seen: false,
    auth: placement.folder === "sent" ? { ...NO_AUTH } : d.auth,
  };
}
