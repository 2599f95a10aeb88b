// DeliveryLog: the only code touching the `deliveries` table: the last DELIVERY_LOG_SIZE
// inbound attempts of this mailbox, accepted or not, one small row each.
import type { Delivery } from "../../src/contract/delivery";
import type { DeliveryAttempt, DeliveryOutcome, DeliveryReason, ParseVerdict } from "../../src/contract/delivery-log";

/** One attempt as it is written: the wire's attempt before it has an id, `at` in epoch ms. */
export type AttemptRecord = Omit<DeliveryAttempt, "id" | "at"> & { at: number };

type Row = {
  id: number;
  at: number;
  envelope_from: string;
  size: number;
  outcome: DeliveryOutcome;
  reason: DeliveryReason | null;
  detail: string | null;
  message_id: number | null;
  parse: ParseVerdict | null;
};

/** Long enough for any reason we give; a sender's address can be as long as SMTP allows. */
const DETAIL_CHARS = 300;
const SENDER_CHARS = 320;

export class DeliveryLog {
  constructor(
    private readonly sql: SqlStorage,
    private readonly keeps: () => number,
  ) {}

  /** Writes one attempt and drops what falls out of the window: two statements on the primary key, in the caller's transaction if any. */
  record(a: AttemptRecord): void {
    const keeps = this.keeps();
    if (keeps <= 0) return;
    const { id } = this.sql
      .exec<{ id: number }>(
        `INSERT INTO deliveries (at, envelope_from, size, outcome, reason, detail, message_id, parse)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        a.at,
        a.envelopeFrom.slice(0, SENDER_CHARS),
        a.size,
        a.outcome,
        a.reason,
        a.detail?.slice(0, DETAIL_CHARS) ?? null,
        a.messageId,
        a.parse,
      )
      .one();
    this.sql.exec("DELETE FROM deliveries WHERE id <= ?", id - keeps);
  }

  /** Newest first. */
  list(limit: number): DeliveryAttempt[] {
    return this.sql
      .exec<Row>("SELECT * FROM deliveries ORDER BY id DESC LIMIT ?", Math.min(limit, this.keeps()))
      .toArray()
      .map((r) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        envelopeFrom: r.envelope_from,
        size: r.size,
        outcome: r.outcome,
        reason: r.reason,
        detail: r.detail,
        messageId: r.message_id,
        parse: r.parse,
      }));
  }
}

/** How a delivery was parsed, as the log says it. */
export function parseVerdict(d: Delivery): ParseVerdict {
  if (d.parseError !== null) return "failed";
  return d.parser === "postal-mime" ? "fallback" : "ok";
}

/** The log record of a delivery that reached the Mailbox: stored (with its id) or refused (with why). */
export function attemptOf(
  d: Delivery,
  outcome: DeliveryOutcome,
  reason: DeliveryReason | null,
  detail: string | null,
  messageId: number | null,
): AttemptRecord {
  return { at: d.receivedAt, envelopeFrom: d.envelopeFrom, size: d.size, outcome, reason, detail, messageId, parse: parseVerdict(d) };
}
