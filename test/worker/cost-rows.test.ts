// The SQLite rows each Mailbox operation reads and writes, read from the SQL
// cursors (rowsRead / rowsWritten) as Cloudflare bills them: docs/cost.md
// prices these exact figures, so a change in the code fails here first.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Mailbox } from "../../objects/mailbox";
import { wake } from "../../objects/mailbox/migrate";
import type { MailboxParts } from "../../objects/mailbox/parts";
import { buildDelivery } from "../../src/inbound";
import { claim, counted, rawMessage } from "./helpers";

function mail(to: string, i: number): Uint8Array {
  return new TextEncoder().encode(rawMessage({ to, subject: `Your code ${i}`, body: `Your verification code is ${100000 + i}.` }));
}

describe("rows read and written per operation (the figures docs/cost.md prices)", () => {
  it("a delivery, a list of 50 (the same list again, after a new mail, after a read mark), a fetch of one, a wake-up and a login cost the rows docs/cost.md prices", async () => {
    const { address } = await claim(`cost-rows-${Date.now().toString(36)}`);
    const stub = env.MAILBOX.getByName(address);
    const figures = await runInDurableObject(stub, async (obj: Mailbox, state) => {
      const envelope = { from: `sender@example.com`, to: address, tag: null };
      // Warm mailbox with 60 mails; the 61st is the one measured.
      for (let i = 0; i < 60; i++) {
        const { delivery, payload } = await buildDelivery(mail(address, i), envelope);
        const r = await obj.deliver(delivery, payload);
        if (!r.ok) throw new Error(r.message);
      }
      const { delivery, payload } = await buildDelivery(mail(address, 60), envelope);
      const deliver = await counted(state.storage.sql, () => obj.deliver(delivery, payload));
      const list = await counted(state.storage.sql, () => obj.owner({ admin: true }, "list", Number.MAX_SAFE_INTEGER, 50));
      // The same page again, nothing written in between: the object answers it from memory.
      const listAgain = await counted(state.storage.sql, () => obj.owner({ admin: true }, "list", Number.MAX_SAFE_INTEGER, 50));
      // A new mail, then the same page: the mail goes on top of the kept page, no row is read.
      const next = await buildDelivery(mail(address, 61), envelope);
      const arrived = await obj.deliver(next.delivery, next.payload);
      const listAfterMail = await counted(state.storage.sql, () => obj.owner({ admin: true }, "list", Number.MAX_SAFE_INTEGER, 50));
      const [was, now] = [list, listAfterMail].map(
        (l) => JSON.parse(l.result as string) as { messages: { id: number }[]; nextBefore: number },
      );
      // A read mark on the newest, then the same page: its row is read again, not the page's 51.
      const markRead = await counted(state.storage.sql, () => obj.owner({ admin: true }, "markSeen", now.messages[0].id, true));
      const listAfterRead = await counted(state.storage.sql, () => obj.owner({ admin: true }, "list", Number.MAX_SAFE_INTEGER, 50));
      const read = JSON.parse(listAfterRead.result as string) as { messages: { id: number; seen: boolean }[] };
      // A mail.tm client's list, twice: the inbox's count is read once, then kept.
      const mailtmPage = await counted(state.storage.sql, () => obj.owner({ admin: true }, "mailtmPage", 1, 30));
      const mailtmAgain = await counted(state.storage.sql, () => obj.owner({ admin: true }, "mailtmPage", 1, 30));
      // The mailbox's meta: its count is the kept one, its stored bytes too.
      const meta = await counted(state.storage.sql, () => obj.owner({ admin: true }, "meta"));
      // What an alarm reads besides its work: finding expired mail (none here), and the next due time.
      const { parts } = obj as unknown as { parts: MailboxParts };
      const expire = await counted(state.storage.sql, () => parts.messages.olderThan(Date.now() - 86_400_000));
      const schedule = await counted(state.storage.sql, () => parts.retention.schedule());
      const fetchOne = await counted(state.storage.sql, () => obj.owner({ admin: true }, "message", 30));
      const woken = await counted(state.storage.sql, () => wake(state.storage.sql));
      const login = await counted(state.storage.sql, async () => {
        await obj.loginParams();
        return obj.login(new Uint8Array(32));
      });
      return {
        deliver: [deliver.read, deliver.written],
        list: [list.read, list.written, JSON.parse(list.result as string).messages.length],
        listAgain: [listAgain.read, listAgain.written, listAgain.result === list.result],
        listAfterMail: [
          listAfterMail.read,
          listAfterMail.written,
          now.messages.length,
          arrived.ok && now.messages[0].id === arrived.id,
          // the rest moved down one: the old page's first 49, then the next page starts below them
          JSON.stringify(now.messages.slice(1).map((m) => m.id)) === JSON.stringify(was.messages.slice(0, 49).map((m) => m.id)),
          now.nextBefore === was.messages[48].id,
        ],
        markRead: [markRead.read, markRead.written],
        listAfterRead: [listAfterRead.read, listAfterRead.written, read.messages[0].seen, read.messages.filter((m) => m.seen).length],
        mailtmPage: [mailtmPage.read, mailtmPage.written, (mailtmPage.result as { total: number }).total],
        mailtmAgain: [mailtmAgain.read, mailtmAgain.written, (mailtmAgain.result as { total: number }).total],
        meta: [meta.read, meta.written, (meta.result as { count: number }).count],
        expire: [expire.read, expire.written, (expire.result as number[]).length],
        schedule: [schedule.read, schedule.written],
        fetchOne: [fetchOne.read, fetchOne.written],
        wake: [woken.read, woken.written],
        login: [login.read, login.written],
      };
    });
    // [rows read, rows written]; a list also says how many it answered.
    expect(figures).toEqual({
      // Warm: the targets, forwarding rules and outbox due time are kept in memory (read once per wake).
      deliver: [9, 7],
      // 50 summaries, then one row to learn whether older mail is left.
      list: [51, 0, 50],
      listAgain: [0, 0, true],
      listAfterMail: [0, 0, 50, true, true, true],
      // the row before the update, the update, and the row again for the kept page
      markRead: [3, 1],
      listAfterRead: [0, 0, true, 1],
      // 30 messages and the inbox's 62 index entries counted; then the 30 alone
      mailtmPage: [92, 0, 62],
      mailtmAgain: [30, 0, 62],
      // the highest id given (sqlite_sequence, a row per numbered table); it counted all 62 messages before
      meta: [2, 0, 62],
      // the oldest first, only until a row is past the cutoff (it read all 62 before), then the oldest's time (64 before)
      expire: [2, 0, 0],
      schedule: [1, 0],
      fetchOne: [2, 0],
      // One statement: a row per applied schema version (11) and per meta key (8); a new
      // migration or meta key moves this, and docs/cost.md with it.
      wake: [19, 0],
      // A failed login writes its throttle row.
      login: [5, 1],
    });
  });
});
