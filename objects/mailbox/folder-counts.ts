// How many messages each folder holds, counted once and then kept: a mail.tm
// client polls its list (which carries the inbox's total) and the mailbox's
// meta carries the whole count, and counting walks the folder index every time.
// MessageStore, the only writer of `messages`, moves the counts with each write.
import type { MessageFolder } from "../../src/contract/wire";

type Counts = Record<MessageFolder, number>;

const none = (): Counts => ({ inbox: 0, sent: 0, junk: 0 });

export class FolderCounts {
  /** null = not known: read again when next asked */
  private counts: Counts | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /** The counts, read with one grouped count the first time after they were dropped. */
  read(): Counts {
    if (this.counts) return this.counts;
    const counts = none();
    for (const r of this.sql.exec<{ f: MessageFolder; c: number }>("SELECT folder AS f, count(*) AS c FROM messages GROUP BY folder"))
      counts[r.f] = r.c;
    this.counts = counts;
    return counts;
  }

  total(): number {
    const { inbox, sent, junk } = this.read();
    return inbox + sent + junk;
  }

  /** A message stored in `folder`. */
  added(folder: MessageFolder): void {
    if (this.counts) this.counts[folder]++;
  }

  /** A message of `folder` deleted. */
  removed(folder: MessageFolder): void {
    if (this.counts) this.counts[folder]--;
  }

  /** Every message deleted. */
  emptied(): void {
    this.counts = none();
  }

  /** Storage changed underneath (or a transaction rolled back): count again when next asked. */
  drop(): void {
    this.counts = null;
  }
}
