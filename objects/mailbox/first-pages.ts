// The newest page of each folder as last sent, kept while nothing in `messages`
// changes: a script polling its inbox (or a tab reopening it) asks the same
// question again and again, and the object is the only writer, so the answer
// cannot go stale unless MessageStore itself writes. A new message goes on top
// of its folder's pages (ids only grow, so it is the newest), a summary changed
// in place replaces its row; any other write drops every page.
import type { MessageFolder } from "../../src/contract/wire";

export interface Page {
  /** the summaries as JSON text, joined by commas */
  items: string;
  /** the id to send as `before` for older mail, null when there is none */
  nextBefore: number | null;
}

/** One summary of a page: its id (for `nextBefore`) and its JSON text. */
export interface PageRow {
  id: number;
  json: string;
}

interface Kept {
  folder: MessageFolder;
  limit: number;
  /** newest first, at most `limit` */
  rows: PageRow[];
  /** whether older mail is left below the last row */
  more: boolean;
  /** the joined answer, made again only after the rows changed */
  page: Page | null;
}

/** Distinct (folder, limit) pairs kept: the three folders at the limit a client uses, and one more (~25 KB each at 50). */
const KEPT = 4;

export class FirstPages {
  private readonly pages = new Map<string, Kept>();

  get(folder: MessageFolder, limit: number): Page | undefined {
    const kept = this.pages.get(`${folder}:${limit}`);
    if (!kept) return undefined;
    kept.page ??= pageOf(kept.rows, kept.more);
    return kept.page;
  }

  /** Keeps a page just read: `rows` newest first, at most `limit`, and whether older mail is left. */
  keep(folder: MessageFolder, limit: number, rows: PageRow[], more: boolean): Page {
    if (this.pages.size >= KEPT) this.pages.delete(this.pages.keys().next().value as string);
    const page = pageOf(rows, more);
    this.pages.set(`${folder}:${limit}`, { folder, limit, rows, more, page });
    return page;
  }

  /**
   * A message was stored with an id above every other (the table's ids only grow): it heads its
   * folder's pages, the last row of a full page moves to the next page. The caller drops every
   * page if the transaction fails (MessageStore.transaction).
   */
  arrived(folder: MessageFolder, id: number, json: () => string): void {
    let row: PageRow | undefined;
    for (const kept of this.pages.values()) {
      if (kept.folder !== folder) continue;
      // made only when a page takes it: most deliveries reach a mailbox nobody is listing
      row ??= { id, json: json() };
      kept.rows.unshift(row);
      if (kept.rows.length > kept.limit) {
        kept.rows.pop();
        kept.more = true;
      }
      kept.page = null;
    }
  }

  /** Whether a kept page shows message `id`. */
  holds(id: number): boolean {
    for (const kept of this.pages.values()) if (kept.rows.some((r) => r.id === id)) return true;
    return false;
  }

  /** Message `id`'s summary changed in place (a read mark, a sent status): the pages showing it take the new text. */
  replace(id: number, json: string): void {
    for (const kept of this.pages.values()) {
      const row = kept.rows.find((r) => r.id === id);
      if (!row) continue;
      row.json = json;
      kept.page = null;
    }
  }

  /** Anything else in `messages` changed (or may have): every kept page goes. */
  drop(): void {
    this.pages.clear();
  }
}

/** The answer a page's rows make. */
export function pageOf(rows: PageRow[], more: boolean): Page {
  return { items: rows.map((r) => r.json).join(","), nextBefore: more ? rows[rows.length - 1].id : null };
}
