// Commands on the selected folder: FETCH, STORE, SEARCH, EXPUNGE (and their
// UID forms, with UIDPLUS's UID EXPUNGE). Read marks and deletions go to the
// mailbox through the API; other flags stay with this session.
import { type Pigeonhole, PigeonholeError } from "../../client/sdk/index.ts";
import { fetchItems, fetchOne } from "./fetch.ts";
import { type Folder, flagList, type MessageState } from "./folder.ts";
import type { MessageCache } from "./message-cache.ts";
import { runSearch } from "./search.ts";
import { BadCommand, parseSequenceSet } from "./sequence-set.ts";
import type { ParsedAttribute } from "./values.ts";

export interface Selected {
  folder: Folder;
  cache: MessageCache;
  client: Pigeonhole;
  readOnly: boolean;
  send(data: string | Uint8Array): Promise<void>;
}

/** Flags a client may set: \Seen is the mailbox's, the others last as long as this session. */
const SETTABLE = new Set(["\\Seen", "\\Deleted", "\\Flagged", "\\Answered", "\\Draft"]);

function value(node: ParsedAttribute | undefined, what: string): string {
  if (!node || Array.isArray(node)) throw new BadCommand(`${what} is missing.`);
  return node.value;
}

/** The messages a set names, in message-number order: [seq, state]. */
function targets(s: Selected, spec: ParsedAttribute | undefined, byUid: boolean): [number, MessageState][] {
  const { view } = s.folder;
  const set = parseSequenceSet(value(spec, "A message set"), byUid ? (view[view.length - 1] ?? 0) : view.length);
  const out: [number, MessageState][] = [];
  for (let i = 0; i < view.length; i++) {
    const state = s.folder.state(view[i]);
    if (state && set.has(byUid ? view[i] : i + 1)) out.push([i + 1, state]);
  }
  return out;
}

export async function markSeen(s: Selected, state: MessageState, seen: boolean): Promise<void> {
  if (s.readOnly) return;
  try {
    await s.client.markSeen(state.uid, seen);
  } catch (err) {
    if (!(err instanceof PigeonholeError && err.status === 404)) throw err;
  }
  state.seen = seen;
  state.toldSeen = seen;
}

export async function fetch(s: Selected, args: ParsedAttribute[], byUid: boolean): Promise<string> {
  const items = fetchItems(args[1] ?? null, byUid);
  const ctx = { folder: s.folder, cache: s.cache, markSeen: (state: MessageState) => markSeen(s, state, true) };
  for (const [seq, state] of targets(s, args[0], byUid)) {
    const response = await fetchOne(seq, state, items, ctx);
    if (response) await s.send(response);
  }
  return "OK FETCH completed";
}

export async function store(s: Selected, args: ParsedAttribute[], byUid: boolean): Promise<string> {
  if (s.readOnly) return "NO [READ-ONLY] The folder was opened with EXAMINE.";
  const action = value(args[1], "STORE's action").toUpperCase();
  const m = /^([+-]?)FLAGS(\.SILENT)?$/.exec(action);
  if (!m) throw new BadCommand("STORE takes FLAGS, +FLAGS or -FLAGS.");
  const list = (Array.isArray(args[2]) ? args[2] : args.slice(2)).map((n) => value(n, "A flag"));
  const flags = list.map((f) => [...SETTABLE].find((known) => known.toLowerCase() === f.toLowerCase())).filter(Boolean) as string[];
  for (const [seq, state] of targets(s, args[0], byUid)) {
    const has = (f: string) => (f === "\\Seen" ? state.seen : state.sessionFlags.has(f));
    const want = (f: string) => (m[1] === "+" ? true : m[1] === "-" ? false : flags.includes(f));
    for (const f of m[1] === "" ? [...SETTABLE] : flags) {
      if (has(f) === want(f)) continue;
      if (f === "\\Seen") await markSeen(s, state, want(f));
      else if (want(f)) state.sessionFlags.add(f);
      else state.sessionFlags.delete(f);
    }
    if (!m[2]) await s.send(`* ${seq} FETCH (${byUid ? `UID ${state.uid} ` : ""}FLAGS (${flagList(state)}))\r\n`);
  }
  return "OK STORE completed";
}

export async function search(s: Selected, args: ParsedAttribute[], byUid: boolean): Promise<string> {
  const hits = await runSearch(args, s.folder, s.cache, byUid);
  await s.send(`* SEARCH${hits.map((n) => ` ${n}`).join("")}\r\n`);
  return "OK SEARCH completed";
}

/** Deletes, in the mailbox, every message flagged \Deleted (within `only` for UID EXPUNGE); `silent` for CLOSE. */
export async function expunge(s: Selected, only: ParsedAttribute | undefined, silent: boolean): Promise<string> {
  if (s.readOnly) return silent ? "OK CLOSE completed" : "NO [READ-ONLY] The folder was opened with EXAMINE.";
  const chosen = only === undefined ? null : new Set(targets(s, only, true).map(([, state]) => state.uid));
  const doomed = s.folder.view.filter((uid) => s.folder.state(uid)?.sessionFlags.has("\\Deleted") && (!chosen || chosen.has(uid)));
  for (const uid of doomed) {
    try {
      await s.client.delete(uid);
    } catch (err) {
      if (!(err instanceof PigeonholeError && err.status === 404)) throw err;
    }
    s.cache.forget(uid);
    const seq = s.folder.expungeOwn(uid);
    if (seq && !silent) await s.send(`* ${seq} EXPUNGE\r\n`);
  }
  return silent ? "OK CLOSE completed" : "OK EXPUNGE completed";
}
