// FETCH and UID FETCH: each attribute from the summary the mailbox gave
// (flags, size, date) or from the raw message (envelope, structure, sections,
// served byte-identically). BODY[...] without PEEK marks the mail read in the mailbox.
import { bodyStructure } from "./body-structure.ts";
import { envelope } from "./envelope.ts";
import { type Folder, flagList, type MessageState } from "./folder.ts";
import type { LoadedMessage, MessageCache } from "./message-cache.ts";
import { partial, readSection, type Section, sectionBytes } from "./sections.ts";
import { BadCommand } from "./sequence-set.ts";
import { atom, type ImapValue, literal, type ParsedAttribute, untagged } from "./values.ts";

type Simple = "UID" | "FLAGS" | "RFC822.SIZE" | "INTERNALDATE" | "ENVELOPE" | "BODYSTRUCTURE" | "BODY";

type FetchItem =
  | { kind: Simple }
  | { kind: "section"; name: string; section: Section; echo: unknown[]; range?: number[]; peek: boolean }
  | { kind: "RFC822" | "RFC822.HEADER" | "RFC822.TEXT" };

const MACROS: Record<string, Simple[]> = {
  ALL: ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"],
  FAST: ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
  FULL: ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"],
};
const SIMPLE = new Set(["UID", "FLAGS", "RFC822.SIZE", "INTERNALDATE", "ENVELOPE", "BODYSTRUCTURE", "BODY"]);

/** The items a FETCH asks for: one item, a macro, or a list. */
export function fetchItems(spec: ParsedAttribute, byUid: boolean): FetchItem[] {
  const list = Array.isArray(spec) ? spec : [spec];
  const items: FetchItem[] = [];
  for (const node of list) {
    if (!node || Array.isArray(node) || node.type !== "ATOM") throw new BadCommand("Unknown FETCH item.");
    const name = node.value.toUpperCase();
    if (!Array.isArray(spec) && MACROS[name]) {
      for (const kind of MACROS[name]) items.push({ kind });
    } else if (node.section && (name === "BODY" || name === "BODY.PEEK")) {
      const range = node.partial;
      if (range && (range.length < 1 || range.some((n) => !Number.isSafeInteger(n) || n < 0))) throw new BadCommand("Bad partial range.");
      const echo = node.section.map((s) => (Array.isArray(s) ? s.map((f) => atom(String((f as { value?: unknown })?.value ?? ""))) : s));
      items.push({ kind: "section", name, section: readSection(node.section), echo, range, peek: name === "BODY.PEEK" });
    } else if (SIMPLE.has(name) && !node.section) {
      items.push({ kind: name as Simple });
    } else if (name === "RFC822" || name === "RFC822.HEADER" || name === "RFC822.TEXT") {
      items.push({ kind: name });
    } else {
      throw new BadCommand(`Unknown FETCH item ${name.slice(0, 40)}.`);
    }
  }
  if (byUid && !items.some((i) => i.kind === "UID")) items.unshift({ kind: "UID" });
  return items;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** INTERNALDATE: when the mailbox received it, in UTC. */
export function internalDate(d: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

export interface FetchContext {
  folder: Folder;
  cache: MessageCache;
  /** marks a message read in the mailbox */
  markSeen(state: MessageState): Promise<void>;
}

function needsRaw(items: FetchItem[]): boolean {
  return items.some((i) => !["UID", "FLAGS", "RFC822.SIZE", "INTERNALDATE"].includes(i.kind));
}

const EMPTY_MESSAGE: LoadedMessage = {
  raw: Buffer.alloc(0),
  structure: {
    start: 0,
    bodyStart: 0,
    bodyEnd: 0,
    contentType: { value: "text/plain", params: {} },
    disposition: { value: "", params: {} },
    parts: [],
    message: null,
  },
};

/** One message's FETCH response, or null when it is gone from the mailbox meanwhile. */
export async function fetchOne(seq: number, state: MessageState, items: FetchItem[], ctx: FetchContext): Promise<Buffer | null> {
  let loaded = EMPTY_MESSAGE;
  if (needsRaw(items)) {
    const found = await ctx.cache.load(state.uid);
    if (!found) return null;
    loaded = found;
  }
  const { raw, structure } = loaded;
  const whole = (specifier: Section["specifier"]) =>
    literal(sectionBytes(raw, structure, { path: [], specifier, fields: [] }) ?? Buffer.alloc(0));
  const out: ImapValue[] = [];
  let marks = false;
  for (const item of items) {
    switch (item.kind) {
      case "UID":
        out.push(atom("UID"), state.uid);
        break;
      case "FLAGS":
        out.push(atom("FLAGS"), flagsValue(state));
        break;
      case "RFC822.SIZE":
        out.push(atom("RFC822.SIZE"), loaded === EMPTY_MESSAGE ? state.size : raw.length);
        break;
      case "INTERNALDATE":
        out.push(atom("INTERNALDATE"), internalDate(state.internalDate));
        break;
      case "ENVELOPE":
        out.push(atom("ENVELOPE"), envelope(raw, structure));
        break;
      case "BODYSTRUCTURE":
      case "BODY":
        out.push(atom(item.kind), bodyStructure(raw, structure, item.kind === "BODYSTRUCTURE"));
        break;
      case "RFC822":
        out.push(atom("RFC822"), literal(raw));
        marks = true;
        break;
      case "RFC822.HEADER":
        out.push(atom("RFC822.HEADER"), whole("HEADER"));
        break;
      case "RFC822.TEXT":
        out.push(atom("RFC822.TEXT"), whole("TEXT"));
        marks = true;
        break;
      case "section": {
        const bytes = sectionBytes(raw, structure, item.section);
        const name = { type: "ATOM" as const, value: "BODY", section: item.echo, ...(item.range ? { partial: [item.range[0]] } : {}) };
        out.push(name, bytes ? literal(partial(bytes, item.range)) : null);
        // A part that does not exist (NIL) was not read: the mail stays unread.
        if (!item.peek && bytes) marks = true;
        break;
      }
    }
  }
  if (marks && !state.seen) {
    await ctx.markSeen(state);
    // RFC 3501 §6.4.5: the changed flags go with the response that changed them.
    if (!items.some((i) => i.kind === "FLAGS")) out.push(atom("FLAGS"), flagsValue(state));
  }
  return untagged([atom(String(seq)), atom("FETCH"), out]);
}

function flagsValue(state: MessageState): ImapValue {
  const text = flagList(state);
  return text ? text.split(" ").map(atom) : [];
}
