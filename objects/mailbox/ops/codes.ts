// Owner operation: the next fresh code. Waits (push-fed through the LiveFeed,
// no polling) for the first inbox message after `after` that matches the
// filters and carries a code or link, and hands it out once per mailbox.
import type { NextCode } from "../../../src/contract/agents";
import type { MessageSummary } from "../../../src/contract/wire";
import type { ActiveFacts } from "../lifetime";
import type { MailboxParts } from "../parts";

/** Case-insensitive substrings (never patterns), lower-cased by the router; null: any. */
export interface CodeFilter {
  from: string | null;
  subject: string | null;
}

const PAGE = 100;

/** The lowest id still stored (handouts below it are of messages gone). */
function oldestStored(p: MailboxParts, fallback: number): number {
  const rows = p.messages.oldest();
  const first = rows.next().value;
  rows.return(undefined);
  return first?.id ?? fallback;
}

const has = (text: string | null | undefined, needle: string) => (text ?? "").toLowerCase().includes(needle);

function fromMatches(p: MailboxParts, m: MessageSummary, needle: string | null): boolean {
  if (needle === null || has(m.from?.address, needle) || has(m.from?.name, needle)) return true;
  return has(p.messages.stored(m.id)?.envelopeFrom, needle);
}

/**
 * The first matching message above `after`, taken (recorded) unless `peek`.
 * Synchronous from the look to the record: no other request runs in between,
 * so two waiters woken by one mail cannot both take it.
 */
function take(p: MailboxParts, after: number, filter: CodeFilter, peek: boolean): NextCode | null {
  const handed = peek ? new Set<number>() : p.handouts.handedSince(after);
  let cursor = after;
  for (;;) {
    const page = p.messages.inboxSince(cursor, PAGE);
    for (const m of page) {
      if (m.codes.length === 0 || handed.has(m.id)) continue;
      if (filter.subject !== null && !has(m.subject, filter.subject)) continue;
      if (!fromMatches(p, m, filter.from)) continue;
      const code = m.codes.find((c) => c.kind === "code")?.value ?? null;
      const link = m.codes.find((c) => c.kind === "link")?.value ?? null;
      if (!peek) p.handouts.record(m.id, code, link, oldestStored(p, m.id));
      return { id: m.id, messageId: p.messages.stored(m.id)?.messageId ?? null, code, link, receivedAt: m.receivedAt };
    }
    if (page.length < PAGE) return null;
    cursor = page[page.length - 1].id;
  }
}

export const codeOps = {
  /** A waiting request's client went away (src/abandoned-wait.ts): its wait ends and takes nothing. */
  abandonWait(p: MailboxParts, _s: ActiveFacts, waitName: string): void {
    p.live.abandon(waitName);
  },

  /** The next code or link after `after`, or null when `timeoutMs` pass first (or the mailbox ends meanwhile). */
  async nextCode(
    p: MailboxParts,
    _s: ActiveFacts,
    after: number,
    filter: CodeFilter,
    timeoutMs: number,
    peek: boolean,
    waitName: string | null = null,
  ): Promise<NextCode | null> {
    const deadline = Date.now() + timeoutMs;
    let from = after;
    for (;;) {
      // What was looked at stays looked at: a message never gains a code, and a handout is never undone.
      const latest = p.messages.latestId();
      const found = take(p, from, filter, peek);
      if (found) return found;
      from = Math.max(from, latest);
      const left = deadline - Date.now();
      if (left <= 0) return null;
      // Wakes on the next inbox mail (junk never counts), or empty on timeout, expiry or revocation.
      const arrived = await p.live.wait(latest, left, waitName);
      if (arrived.length === 0) return null;
    }
  },
};
