// Migration 0005: the outbox rebuilt for every kind of effect keeps what a
// mailbox already owed, and takes rows of new kinds and rows tied to no message.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { MAILBOX_MIGRATIONS, migrate } from "../../objects/mailbox/migrate";
import { Outbox } from "../../objects/mailbox/outbox";
import { DOMAIN } from "./helpers";

describe("outbox migration (0005)", () => {
  it("keeps every row, id and state of an outbox written before it, and accepts new kinds after", async () => {
    const stub = env.MAILBOX.getByName(`outbox-migration@${DOMAIN}`);
    const result = await runInDurableObject(stub, (_o, state) => {
      const sql = state.storage.sql;
      // A database as a mailbox had it before 0005.
      for (const t of [
        "tally",
        "send_quota",
        "outbox",
        "telegram_chats",
        "webhooks",
        "password",
        "login_throttle",
        "blobs",
        "bodies",
        "messages",
        "meta",
      ]) {
        sql.exec(`DROP TABLE IF EXISTS ${t}`);
      }
      sql.exec("DROP TABLE IF EXISTS schema_version");
      migrate(
        sql,
        MAILBOX_MIGRATIONS.filter((m) => m.version < 5),
      );
      sql.exec(
        `INSERT INTO outbox (id, message_id, target_kind, target_id, payload, attempts, next_at, state, last_error, created_at, sent_at)
         VALUES (7, 3, 'telegram', '42', '{"a":1}', 2, 1000, 'pending', 'timed out', 900, NULL),
                (8, 3, 'webhook', 'w1', '{"b":2}', 1, 1000, 'sent', NULL, 900, 950)`,
      );
      migrate(sql);
      const rows = sql
        .exec("SELECT id, message_id, target_kind, target_id, payload, attempts, state, last_error, sent_at FROM outbox ORDER BY id")
        .toArray();
      const outbox = new Outbox(sql);
      outbox.enqueue(null, "telegram" as never, "99", { c: 3 }, 2000);
      sql.exec("UPDATE outbox SET target_kind = 'directory' WHERE target_id = '99'");
      const added = sql.exec("SELECT id, message_id, target_kind FROM outbox WHERE target_id = '99'").toArray();
      return { rows, added };
    });
    expect(result.rows).toEqual([
      {
        id: 7,
        message_id: 3,
        target_kind: "telegram",
        target_id: "42",
        payload: '{"a":1}',
        attempts: 2,
        state: "pending",
        last_error: "timed out",
        sent_at: null,
      },
      {
        id: 8,
        message_id: 3,
        target_kind: "webhook",
        target_id: "w1",
        payload: '{"b":2}',
        attempts: 1,
        state: "sent",
        last_error: null,
        sent_at: 950,
      },
    ]);
    // The id sequence goes on after the copied rows; a new kind and a null message are accepted.
    expect(result.added).toEqual([{ id: 9, message_id: null, target_kind: "directory" }]);
  });
});
