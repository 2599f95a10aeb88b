// LIST, STATUS and SELECT/EXAMINE: naming the folders and opening one.
import type { Pigeonhole } from "../../client/sdk/index.ts";
import { Folder } from "./folder.ts";
import { folderNamed, folderStatus, listMatches } from "./folders.ts";
import { MessageCache } from "./message-cache.ts";
import type { Selected } from "./selected.ts";
import { BadCommand } from "./sequence-set.ts";
import type { ParsedAttribute } from "./values.ts";

type Send = (data: string | Uint8Array) => Promise<void>;

export async function list(command: string, reference: string, pattern: string, send: Send): Promise<string> {
  // RFC 3501 §6.3.8: an empty pattern asks only for the hierarchy delimiter, whatever the reference.
  if (pattern === "") await send(`* ${command} (\\Noselect) "/" ""\r\n`);
  else for (const f of listMatches(reference, pattern)) await send(`* ${command} (${f.attributes}) "/" ${f.name}\r\n`);
  return `OK ${command} completed`;
}

export async function openFolder(
  client: Pigeonhole,
  name: string,
  readOnly: boolean,
  cacheBytes: { session: number; shared: number },
  send: Send,
): Promise<{ selected: Selected | null; answer: string }> {
  const info = folderNamed(name);
  if (!info) return { selected: null, answer: "NO [NONEXISTENT] No such folder." };
  const folder = await Folder.open(client, info.name);
  const cache = new MessageCache(client, cacheBytes.session, cacheBytes.shared);
  const firstUnseen = folder.view.findIndex((uid) => !folder.state(uid)?.seen) + 1;
  await send(
    "* FLAGS (\\Seen \\Deleted \\Flagged \\Answered \\Draft)\r\n" +
      "* OK [PERMANENTFLAGS (\\Seen \\Deleted)] \\Seen is kept by the mailbox, \\Deleted until EXPUNGE\r\n" +
      `* ${folder.exists} EXISTS\r\n* 0 RECENT\r\n` +
      (firstUnseen ? `* OK [UNSEEN ${firstUnseen}] First unseen\r\n` : "") +
      `* OK [UIDVALIDITY ${folder.uidValidity}] UIDs valid\r\n* OK [UIDNEXT ${folder.uidNext}] Predicted next UID\r\n`,
  );
  return {
    selected: { folder, cache, client, readOnly, send },
    answer: `OK [${readOnly ? "READ-ONLY" : "READ-WRITE"}] ${readOnly ? "EXAMINE" : "SELECT"} completed`,
  };
}

export async function status(client: Pigeonhole | null, name: string, items: ParsedAttribute | undefined, send: Send): Promise<string> {
  const info = folderNamed(name);
  if (!info || !client) return "NO [NONEXISTENT] No such folder.";
  if (!Array.isArray(items)) throw new BadCommand("STATUS takes a list of items.");
  const counts = await folderStatus(client, info.name);
  const values: Record<string, number> = {
    MESSAGES: counts.messages,
    RECENT: 0,
    UIDNEXT: counts.uidNext,
    UIDVALIDITY: counts.uidValidity,
    UNSEEN: counts.unseen,
  };
  const out = items.map((item) => {
    const key = (item && !Array.isArray(item) ? item.value : "").toUpperCase();
    if (!(key in values)) throw new BadCommand(`Unknown STATUS item ${key.slice(0, 20)}.`);
    return `${key} ${values[key]}`;
  });
  await send(`* STATUS ${info.name} (${out.join(" ")})\r\n`);
  return "OK STATUS completed";
}
