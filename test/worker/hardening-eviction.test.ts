// Nobody can flush a mailbox: with the evict policy, mail younger than
// EVICT_MIN_AGE_SECONDS is never evicted; when only such mail is left, the
// new mail is refused with a reason instead.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Mailbox } from "../../objects/mailbox";
import { readConfig } from "../../src/contract/config";
import type { MessageList } from "../../src/contract/wire";
import { api, auth, claim, deliver, rawMessage } from "./helpers";

/** Shrinks this one mailbox's cap (as MAILBOX_MAX_BYTES would), and ages the given messages. */
async function setUp(address: string, opts: { maxBytes?: number; ageSeconds?: { ids: number[]; seconds: number } }) {
  await runInDurableObject(env.MAILBOX.getByName(address), (mailbox: Mailbox, state) => {
    const { parts } = mailbox as unknown as { parts: { config: { mailboxMaxBytes: number } } };
    if (opts.maxBytes !== undefined) parts.config.mailboxMaxBytes = opts.maxBytes;
    for (const id of opts.ageSeconds?.ids ?? []) {
      state.storage.sql.exec("UPDATE messages SET received_at = ? WHERE id = ?", Date.now() - opts.ageSeconds!.seconds * 1000, id);
    }
  });
}

async function ids(address: string, token: string): Promise<number[]> {
  const list = await (await api(`/api/v1/mailboxes/${address}/messages`, auth(token))).json<MessageList>();
  return list.messages.map((m) => m.id);
}

const mail = (to: string, n: number) => rawMessage({ to, subject: `m${n}`, body: "x".repeat(500) });

describe("eviction spares young mail", () => {
  it("ships a one-hour minimum age", () => {
    expect(readConfig({ DOMAINS: "x.test" }).evictMinAgeSeconds).toBe(3600);
    expect(readConfig({ DOMAINS: "x.test", EVICT_MIN_AGE_SECONDS: "60" }).evictMinAgeSeconds).toBe(60);
  });

  it("refuses a new mail with a clear reason when only young mail would make room, and keeps the young mail", async () => {
    const { address, token } = await claim();
    await setUp(address, { maxBytes: 3000 });
    expect((await deliver(address, mail(address, 1))).rejected).toBeNull();
    expect((await deliver(address, mail(address, 2))).rejected).toBeNull();
    // Two fit; the third would need one of them gone, and both are minutes old at most.
    const third = await deliver(address, mail(address, 3));
    expect(third.rejected).toMatch(/Mailbox is full.*younger than 3600 s/);
    expect(await ids(address, token)).toEqual([2, 1]);
  });

  it("evicts mail past the minimum age, oldest first, and only as much as needed", async () => {
    const { address, token } = await claim();
    await setUp(address, { maxBytes: 3000 });
    for (const n of [1, 2]) expect((await deliver(address, mail(address, n))).rejected).toBeNull();
    await setUp(address, { ageSeconds: { ids: [1], seconds: 3601 } });
    expect((await deliver(address, mail(address, 3))).rejected).toBeNull();
    expect(await ids(address, token)).toEqual([3, 2]);
    // Now 2 and 3 are young again: the next is refused, nothing is evicted.
    expect((await deliver(address, mail(address, 4))).rejected).toMatch(/younger than 3600 s/);
    expect(await ids(address, token)).toEqual([3, 2]);
  });
});
