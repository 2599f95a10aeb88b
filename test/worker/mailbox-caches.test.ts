// A warm Mailbox keeps its Telegram chats, webhooks, forwarding rules and the outbox's
// next due time in memory (no read per delivery). A kept copy that outlived a change would
// forward to a removed destination or miss a new webhook: each change must show on the
// very next delivery, and a wipe must leave nothing of the old life behind.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Mailbox } from "../../objects/mailbox";
import { migrate } from "../../objects/mailbox/migrate";
import { Outbox } from "../../objects/mailbox/outbox";
import type { MailboxParts } from "../../objects/mailbox/parts";
import { buildDelivery } from "../../src/inbound";
import { claim, rawMessage } from "./helpers";

describe("what a warm mailbox keeps in memory", () => {
  it("follows every change of targets and forwarding rules at the next delivery, and forgets all on a wipe", async () => {
    const { address } = await claim();
    const result = await runInDurableObject(env.MAILBOX.getByName(address), async (obj: Mailbox, state) => {
      const parts = (obj as unknown as { parts: MailboxParts }).parts;
      const deliver = async (i: number) => {
        const raw = new TextEncoder().encode(rawMessage({ to: address, subject: `mail ${i}` }));
        const { delivery, payload } = await buildDelivery(raw, { from: "s@example.com", to: address, tag: null });
        const r = await obj.deliver(delivery, payload);
        if (!r.ok) throw new Error(r.message);
        return {
          forwardTo: r.forwardTo,
          webhookRows: parts.outbox.heads().filter((h) => h.kind === "webhook" && h.messageId === r.id).length,
        };
      };
      // The kept due time against a fresh reading of the table.
      const dueKept = () => parts.outbox.nextDue() === new Outbox(state.storage.sql).nextDue();
      const seen: unknown[] = [];
      seen.push(await deliver(1), dueKept()); // the copies are read: nothing to forward, no webhook
      const rule = parts.forwards.add("fwd@example.org", 5, Date.now());
      // A closed local port: should the alarm try the row before it is given up, it fails at once.
      parts.targets.addWebhook({ id: "w1", url: "http://127.0.0.1:9/hook", secret: "s", createdAt: Date.now() });
      seen.push(await deliver(2), dueKept()); // both seen at once, and the new row in the due time
      parts.forwards.delete(rule?.id ?? "");
      parts.targets.deleteWebhook("w1"); // its unsent row is given up
      seen.push(await deliver(3), dueKept());
      parts.forwards.add("again@example.org", 5, Date.now());
      parts.targets.bindTelegram("42", "en", 5, Date.now());
      const before = [parts.forwards.destinations(), parts.targets.telegramChats().length, dueKept()];
      await parts.retention.wipe();
      migrate(state.storage.sql);
      seen.push(before, [parts.forwards.destinations(), parts.targets.telegramChats().length, parts.targets.webhooks().length], dueKept());
      return seen;
    });
    expect(result).toEqual([
      { forwardTo: [], webhookRows: 0 },
      true,
      { forwardTo: ["fwd@example.org"], webhookRows: 1 },
      true,
      { forwardTo: [], webhookRows: 0 },
      true,
      [["again@example.org"], 1, true],
      [[], 0, 0],
      true,
    ]);
  });
});
