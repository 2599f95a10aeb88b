// The newest page of each folder as last sent, kept while nothing in `messages`
// changes: a script polling its inbox (or a tab reopening it) asks the same
// question again and again, and the object is the only writer, so the answer
// cannot go stale unless MessageStore itself writes — which drops every page.
import type { MessageFolder } from "../../src/contract/wire";

export interface Page {
  /** the summaries as JSON text, joined by commas */
  items: string;
  /** the id to send as `before` for older mail, null when there is none */
  nextBefore: number | null;
}

/** Distinct (folder, limit) pairs kept: the three folders at the limit a client uses, and one more (~25 KB each at 50). */
const KEPT = 4;

export class FirstPages {
  private readonly pages = new Map<string, Page>();

  get(folder: MessageFolder, limit: number): Page | undefined {
    return this.pages.get(`${folder}:${limit}`);
  }

  keep(folder: MessageFolder, limit: number, page: Page): Page {
    if (this.pages.size >= KEPT) this.pages.delete(this.pages.keys().next().value as string);
    this.pages.set(`${folder}:${limit}`, page);
    return page;
  }

  /** Anything in `messages` changed (or may have): every kept page goes. */
  drop(): void {
    this.pages.clear();
  }
}
