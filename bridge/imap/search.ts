// SEARCH and UID SEARCH (RFC 3501 §6.4.4): flags, dates and sizes from what
// the mailbox told us; FROM, TO, CC, SUBJECT, TEXT and BODY against the
// service's own decoded reading of the mail (so encoded words and charsets
// match); HEADER and the SENT* dates against the raw header.
import type { MessageDetail } from "../../client/sdk/index.ts";
import { fieldValue, type HeaderField, headerFields } from "../mime.ts";
import type { Folder, MessageState } from "./folder.ts";
import type { LoadedMessage, MessageCache } from "./message-cache.ts";
import { BadCommand, parseSequenceSet } from "./sequence-set.ts";
import type { ParsedAttribute } from "./values.ts";

/** What a test may read of one message, each fetched only if a test asks: the decoded detail, the raw header. */
interface Reader {
  detail(): Promise<MessageDetail | null>;
  /** the message's header fields as written (values unfolded) */
  header(): Promise<HeaderField[] | null>;
}

/** A compiled search: a test on one message. */
type Test = (m: MessageState, seq: number, read: Reader) => Promise<boolean>;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** An IMAP date (1-Feb-2024) as the UTC midnight it names. */
function dayOf(text: string): number {
  const m = /^"?(\d{1,2})-([A-Za-z]{3})-(\d{4})"?$/.exec(text);
  const month = m ? MONTHS.indexOf(m[2].toLowerCase()) : -1;
  if (!m || month < 0) throw new BadCommand(`Not a date: ${text.slice(0, 20)}`);
  return Date.UTC(Number(m[3]), month, Number(m[1]));
}

const DAY = 86_400_000;
const utcDay = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());

/** The search strings come as bytes; clients send UTF-8 (the only CHARSET taken besides US-ASCII). */
const text = (node: ParsedAttribute) => {
  if (!node || Array.isArray(node)) throw new BadCommand("A search key is missing its value.");
  return Buffer.from(node.value, "latin1").toString("utf8").toLowerCase();
};

const addresses = (list: { name: string; address: string }[] | null | undefined) =>
  (list ?? []).map((a) => `${a.name} <${a.address}>`).join(", ");

function contains(pick: (d: MessageDetail) => string, needle: string): Test {
  return async (_m, _seq, read) => {
    const d = await read.detail();
    return d !== null && pick(d).toLowerCase().includes(needle);
  };
}

/** HEADER field string: a field of that name whose value holds the string (any such field when it is empty). */
function headerHas(field: string, needle: string): Test {
  return async (_m, _seq, read) => ((await read.header()) ?? []).some((f) => f.name === field && f.value.toLowerCase().includes(needle));
}

/**
 * The day the Date header names, its time and zone disregarded (RFC 3501 SENTBEFORE, SENTON,
 * SENTSINCE), or the arrival day for a mail without a readable one.
 */
async function sentDay(m: MessageState, read: Reader): Promise<number> {
  const date = fieldValue((await read.header()) ?? [], "date") ?? "";
  const written = /^(?:[a-z]{3},\s*)?(\d{1,2})\s+([a-z]{3})\s+(\d{4})/i.exec(date);
  const month = written ? MONTHS.indexOf(written[2].toLowerCase()) : -1;
  return written && month >= 0 ? Date.UTC(Number(written[3]), month, Number(written[1])) : utcDay(m.internalDate);
}

export class SearchCompiler {
  private at = 0;

  constructor(
    private readonly keys: ParsedAttribute[],
    private readonly folder: Folder,
  ) {}

  compile(): Test {
    const tests: Test[] = [];
    if (this.peekName() === "CHARSET") {
      this.at++;
      const charset = this.take();
      if (!charset || Array.isArray(charset) || !/^(utf-8|us-ascii)$/i.test(charset.value)) throw new CharsetRefused();
    }
    while (this.at < this.keys.length) tests.push(this.key());
    if (tests.length === 0) throw new BadCommand("SEARCH needs a criterion.");
    return all(tests);
  }

  private peekName(): string {
    const node = this.keys[this.at];
    return node && !Array.isArray(node) ? node.value.toUpperCase() : "";
  }

  private take(): ParsedAttribute {
    if (this.at >= this.keys.length) throw new BadCommand("A search key is missing its value.");
    return this.keys[this.at++];
  }

  private key(): Test {
    const node = this.take();
    if (Array.isArray(node)) return all(new SearchCompiler(node, this.folder).compileList());
    if (!node) throw new BadCommand("Unexpected NIL in SEARCH.");
    const name = node.value.toUpperCase();
    if (node.type === "SEQUENCE" || /^[\d*]/.test(name)) {
      const set = parseSequenceSet(node.value, this.folder.exists);
      return async (_m, seq) => set.has(seq);
    }
    const flag =
      (f: string, want: boolean): Test =>
      async (m) =>
        (f === "\\Seen" ? m.seen : m.sessionFlags.has(f)) === want;
    switch (name) {
      case "ALL":
        return async () => true;
      case "SEEN":
      case "UNSEEN":
        return flag("\\Seen", name === "SEEN");
      case "DELETED":
      case "UNDELETED":
        return flag("\\Deleted", name === "DELETED");
      case "FLAGGED":
      case "UNFLAGGED":
        return flag("\\Flagged", name === "FLAGGED");
      case "ANSWERED":
      case "UNANSWERED":
        return flag("\\Answered", name === "ANSWERED");
      case "DRAFT":
      case "UNDRAFT":
        return flag("\\Draft", name === "DRAFT");
      case "NEW":
      case "RECENT":
        return async () => false; // no session is told of mail as \Recent
      case "OLD":
        return async () => true;
      case "KEYWORD":
        this.take();
        return async () => false;
      case "UNKEYWORD":
        this.take();
        return async () => true;
      case "UID": {
        const spec = this.take();
        if (!spec || Array.isArray(spec)) throw new BadCommand("UID needs a set.");
        const set = parseSequenceSet(spec.value, this.folder.view[this.folder.view.length - 1] ?? 0);
        return async (m) => set.has(m.uid);
      }
      case "NOT": {
        const inner = this.key();
        return async (m, seq, d) => !(await inner(m, seq, d));
      }
      case "OR": {
        const a = this.key();
        const b = this.key();
        return async (m, seq, d) => (await a(m, seq, d)) || (await b(m, seq, d));
      }
      case "SINCE":
      case "BEFORE":
      case "ON": {
        const day = dayOf(String((this.take() as { value?: string })?.value ?? ""));
        if (name === "SINCE") return async (m) => utcDay(m.internalDate) >= day;
        if (name === "BEFORE") return async (m) => utcDay(m.internalDate) < day;
        return async (m) => utcDay(m.internalDate) >= day && utcDay(m.internalDate) < day + DAY;
      }
      case "SENTSINCE":
      case "SENTBEFORE":
      case "SENTON": {
        const day = dayOf(String((this.take() as { value?: string })?.value ?? ""));
        if (name === "SENTSINCE") return async (m, _seq, read) => (await sentDay(m, read)) >= day;
        if (name === "SENTBEFORE") return async (m, _seq, read) => (await sentDay(m, read)) < day;
        return async (m, _seq, read) => (await sentDay(m, read)) === day;
      }
      case "HEADER": {
        const field = text(this.take());
        return headerHas(field, text(this.take()));
      }
      case "BCC":
        // Bcc never stays in a stored header (the service takes it out before storing a sent mail).
        this.take();
        return async () => false;
      case "LARGER":
      case "SMALLER": {
        const n = Number((this.take() as { value?: string })?.value);
        if (!Number.isSafeInteger(n) || n < 0) throw new BadCommand(`${name} needs a number.`);
        return async (m) => (name === "LARGER" ? m.size > n : m.size < n);
      }
      case "FROM":
        return contains((d) => addresses(d.from ? [d.from] : []), text(this.take()));
      case "TO":
        return contains((d) => addresses(d.to), text(this.take()));
      case "CC":
        return contains((d) => addresses(d.cc), text(this.take()));
      case "SUBJECT":
        return contains((d) => d.subject ?? "", text(this.take()));
      case "BODY":
        return contains((d) => `${d.text ?? ""}\n${d.html ?? ""}`, text(this.take()));
      case "TEXT":
        return contains(
          (d) => [d.subject, addresses(d.from ? [d.from] : []), addresses(d.to), addresses(d.cc), d.text, d.html].join("\n"),
          text(this.take()),
        );
      default:
        throw new BadCommand(`Unknown search key ${name.slice(0, 30)}.`);
    }
  }

  private compileList(): Test[] {
    const tests: Test[] = [];
    while (this.at < this.keys.length) tests.push(this.key());
    if (tests.length === 0) throw new BadCommand("Empty search list.");
    return tests;
  }
}

function all(tests: Test[]): Test {
  return async (m, seq, d) => {
    for (const t of tests) if (!(await t(m, seq, d))) return false;
    return true;
  };
}

/** A loaded message's header fields, read as FETCH reads them. */
function headerOf(loaded: LoadedMessage | null): HeaderField[] | null {
  return loaded ? headerFields(loaded.raw.subarray(0, loaded.structure.bodyStart)) : null;
}

/** SEARCH with a charset we do not take: NO [BADCHARSET]. */
export class CharsetRefused extends Error {}

/** The message numbers (or uids) that match, in order. */
export async function runSearch(keys: ParsedAttribute[], folder: Folder, cache: MessageCache, byUid: boolean): Promise<number[]> {
  const test = new SearchCompiler(keys, folder).compile();
  const hits: number[] = [];
  for (let i = 0; i < folder.view.length; i++) {
    const state = folder.state(folder.view[i]);
    if (!state) continue;
    const read: Reader = { detail: () => cache.detail(state.uid), header: async () => headerOf(await cache.load(state.uid)) };
    if (await test(state, i + 1, read)) hits.push(byUid ? state.uid : i + 1);
  }
  return hits;
}
