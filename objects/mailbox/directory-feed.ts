// DirectoryFeed: what this mailbox tells the D1 directory (its address row,
// its mail counts), queued in its outbox in the same transaction as the change,
// so a failed D1 write is retried later and never blocks or loses anything.
import type { AddressRow, AddressState, DirectoryUpdate } from "../directory/address-index";
import type { Outbox } from "./outbox";
import type { DayCount } from "./tally";

/** The one queue all of a mailbox's directory updates go through, in order. */
const TARGET = "index";

export class DirectoryFeed {
  private last = 0;

  constructor(
    private readonly outbox: Outbox,
    private readonly address: () => string,
  ) {}

  /** Strictly increasing, across wipes too: time-based, and memory covers changes within one millisecond. */
  private version(): number {
    this.last = Math.max(Date.now(), this.last + 1);
    return this.last;
  }

  /** Queues the address's row as it stands now; returns it, for a router that writes it at once. */
  announce(
    facts: { createdAt: number; expiresAt: number; owner: string | null },
    state: AddressState,
    purgeAfter: number | null = null,
  ): AddressRow {
    const row: AddressRow = {
      address: this.address(),
      createdAt: facts.createdAt,
      expiresAt: facts.expiresAt,
      state,
      owner: facts.owner,
      version: this.version(),
      purgeAfter,
    };
    this.queue({ type: "address", row });
    return row;
  }

  counts(days: DayCount[]): void {
    if (days.length > 0) this.queue({ type: "counts", counts: { address: this.address(), batch: this.version(), days } });
  }

  /** Updates not yet in the directory, oldest first: a wipe queues them again. */
  owed(): DirectoryUpdate[] {
    return this.outbox.owed("directory").map((payload) => JSON.parse(payload) as DirectoryUpdate);
  }

  requeue(updates: DirectoryUpdate[]): void {
    for (const u of updates) this.queue(u);
  }

  private queue(update: DirectoryUpdate): void {
    this.outbox.enqueue(null, "directory", TARGET, update, Date.now());
  }
}
