// Migration 0010: mail stored before it gets its ISO arrival time written once, and a
// list of it says the same time as before (the time was formatted per row until then).
import { describe, expect, it } from "vitest";
import { MessageStore } from "../../objects/mailbox/message-store";
import { MAILBOX_MIGRATIONS, migrate } from "../../objects/mailbox/migrate";
import { claim, insideMailbox } from "./helpers";

describe("received-time migration (0010)", () => {
  it("writes the ISO time of mail stored before it, to the millisecond", async () => {
    const { address } = await claim();
    const times = [0, Date.UTC(2026, 10, 28, 12, 0, 0, 999), Date.UTC(2026, 10, 28, 12, 0, 1, 1)];
    const listed = await insideMailbox(address, (_p, sql, state) => {
      // Back to the schema before 0010: its column gone, its version unrecorded.
      sql.exec("ALTER TABLE messages DROP COLUMN received_iso");
      sql.exec("DELETE FROM schema_version WHERE version = 10");
      for (const t of times) {
        sql.exec(
          "INSERT INTO messages (received_at, envelope_from, envelope_to, size, stored_bytes, subject) VALUES (?, 'a@example.com', ?, 10, 10, 'old mail')",
          t,
          address,
        );
      }
      migrate(sql, MAILBOX_MIGRATIONS);
      const stored = sql.exec<{ iso: string | null }>("SELECT received_iso AS iso FROM messages ORDER BY id").toArray();
      const page = new MessageStore(sql, state.storage).summaryPage(Number.MAX_SAFE_INTEGER, 10);
      const listed = JSON.parse(`[${page.items}]`) as { receivedAt: string }[];
      return { stored: stored.map((r) => r.iso), listed: listed.map((m) => m.receivedAt).reverse() };
    });
    const expected = times.map((t) => new Date(t).toISOString());
    expect(listed.stored).toEqual(expected);
    expect(listed.listed).toEqual(expected);
  });
});
