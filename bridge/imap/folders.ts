// The folders an address shows a mail client (LIST, STATUS, SELECT names).
import type { Pigeonhole } from "../../client/sdk/index.ts";
import { apiFolder, type FolderName, uidValidityOf } from "./folder.ts";

export interface FolderInfo {
  name: FolderName;
  /** LIST attributes, SPECIAL-USE (RFC 6154) included */
  attributes: string;
}

export const FOLDERS: FolderInfo[] = [
  { name: "INBOX", attributes: "\\HasNoChildren" },
  { name: "Sent", attributes: "\\HasNoChildren \\Sent" },
];

/** A folder by the name a client used (INBOX in any case), or undefined. */
export function folderNamed(name: string): FolderInfo | undefined {
  const wanted = name.toUpperCase() === "INBOX" ? "INBOX" : name;
  return FOLDERS.find((f) => f.name === wanted);
}

/** LIST's reference and pattern (with * and %) against our flat names. */
export function listMatches(reference: string, pattern: string): FolderInfo[] {
  const full = reference + pattern;
  const source = full
    .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/%/g, "[^/]*");
  const re = new RegExp(`^${source}$`, "i");
  return FOLDERS.filter((f) => re.test(f.name));
}

/** STATUS counts of a folder without selecting it. */
export async function folderStatus(
  client: Pigeonhole,
  name: FolderName,
): Promise<{ messages: number; unseen: number; uidNext: number; uidValidity: number }> {
  const meta = await client.meta();
  let messages = 0;
  let unseen = 0;
  let before: number | undefined;
  for (;;) {
    const page = await client.list({ limit: 100, before, folder: apiFolder(name) });
    for (const m of page.messages) {
      messages++;
      if (!m.seen) unseen++;
    }
    if (page.nextBefore === null) break;
    before = page.nextBefore;
  }
  return { messages, unseen, uidNext: meta.latestId + 1, uidValidity: uidValidityOf(meta.createdAt) };
}
