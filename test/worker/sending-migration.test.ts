// Migration 0006: mail stored before sending existed is inbox mail (no status, no forwards),
// listed and replayed as before, and the new tables take a quota and forwarding rules.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ForwardRules } from "../../objects/mailbox/forward-rules";
import { MessageStore } from "../../objects/mailbox/message-store";
import { MAILBOX_MIGRATIONS, migrate } from "../../objects/mailbox/migrate";
import { SendQuota } from "../../objects/mailbox/send-quota";
import type { MessageSummary } from "../../src/contract/wire";
import { DOMAIN } from "./helpers";

describe("sending migration (0006)", () => {
  it("makes earlier mail inbox mail, and adds the send ledger and forwarding rules", async () => {
    const stub = env.MAILBOX.getByName(`sending-migration@${DOMAIN}`);
    const result = await runInDurableObject(stub, (_o, state) => {
      const sql = state.storage.sql;
      for (const t of [
        "outbox",
        "telegram_chats",
        "webhooks",
        "password",
        "login_throttle",
        "blobs",
        "bodies",
        "messages",
        "meta",
        "send_ledger",
        "forwards",
      ]) {
        sql.exec(`DROP TABLE IF EXISTS ${t}`);
      }
      sql.exec("DROP TABLE IF EXISTS schema_version");
      migrate(
        sql,
        MAILBOX_MIGRATIONS.filter((m) => m.version < 6),
      );
      sql.exec(
        `INSERT INTO messages (received_at, envelope_from, envelope_to, size, stored_bytes, subject) VALUES (1000, 'a@example.com', 'x@${DOMAIN}', 10, 10, 'old mail')`,
      );
      migrate(sql);
      const store = new MessageStore(sql, state.storage);
      const quota = new SendQuota(sql, 5);
      quota.grant(7, Date.UTC(2026, 10, 28, 12));
      const rules = new ForwardRules(sql);
      rules.add("me@example.org", 3, 2000);
      return {
        inbox: (JSON.parse(`[${store.summaryPage(Number.MAX_SAFE_INTEGER, 10, "inbox").items}]`) as MessageSummary[]).map((m) => [
          m.subject,
          m.folder,
          m.status,
          m.statusReason,
        ]),
        sent: JSON.parse(`[${store.summaryPage(Number.MAX_SAFE_INTEGER, 10, "sent").items}]`),
        forwarded: store.stored(1)?.forwarded,
        quota: quota.state(Date.UTC(2026, 10, 28, 12)),
        rules: rules.destinations(),
      };
    });
    expect(result.inbox).toEqual([["old mail", "inbox", null, null]]);
    expect(result.sent).toEqual([]);
    expect(result.forwarded).toEqual([]);
    expect(result.quota).toEqual({ day: "2026-11-28", used: 0, limit: 7, resetsAt: Date.UTC(2026, 10, 29) });
    expect(result.rules).toEqual(["me@example.org"]);
  });
});
