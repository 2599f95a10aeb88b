// The outbox under a failing Telegram: retries with backoff, 429 retry_after,
// permanent refusals, giving up, interrupted sends — and deliveries that never
// wait for any of it.

import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { backoffMs } from "../../objects/mailbox/outbox-sender";
import type { OutboxReport } from "../../src/contract/wire";
import type { FakeRequest } from "../fake-remote/server";
import { api, auth, claim, deliver, rawMessage } from "./helpers";
import { answeredOk, newChatId, received, receivedUntil, script, sendMessageBody, tell } from "./remote";

async function outbox(address: string, token: string): Promise<OutboxReport> {
  return (await api(`/api/v1/mailboxes/${address}/outbox?limit=200`, auth(token))).json();
}

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(v).slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function subjectOf(r: FakeRequest): string {
  return /Subject:<\/b> ([^\n]*)/.exec(sendMessageBody(r).text)![1];
}

/** Delivers and returns how long the delivery itself took (ms). */
async function timedDeliver(address: string, subject: string): Promise<number> {
  const t0 = performance.now();
  const out = await deliver(
    address,
    rawMessage({ to: address, subject, body: `Code ${subject}: 7${subject.replace(/\D/g, "").padStart(5, "0")}` }),
  );
  const took = performance.now() - t0;
  expect(out.rejected).toBeNull();
  return took;
}

describe("Telegram outbox", () => {
  it("survives the Bot API failing (500s, then timeouts): every push arrives once, in order per chat; deliveries never wait", async () => {
    const { address, token } = await claim("tg-outage");
    const chats = [newChatId(), newChatId()];
    const keys = chats.map((c) => `telegram:${c}`);
    for (const c of chats) expect((await tell(c, `/bind ${token}`)).body!.text).toContain("Bound");

    // Baseline: deliveries while Telegram is up.
    const upTimes: number[] = [];
    for (let i = 0; i < 3; i++) upTimes.push(await timedDeliver(address, `Warmup ${i}`));
    for (const k of keys) await receivedUntil(k, (r) => answeredOk(r).length === 3);

    // Down: 500s.
    for (const k of keys) await script(k, [{ mode: "status", status: 500, description: "Internal Server Error" }]);
    const downTimes: number[] = [];
    for (let i = 1; i <= 6; i++) downTimes.push(await timedDeliver(address, `Mail ${i}`));
    for (const k of keys) await receivedUntil(k, (r) => r.filter((x) => x.status === 500).length >= 3);

    // Down: requests hang until our timeout gives up on them.
    for (const k of keys) await script(k, [{ mode: "hang" }]);
    for (let i = 7; i <= 10; i++) downTimes.push(await timedDeliver(address, `Mail ${i}`));
    for (const k of keys) await receivedUntil(k, (r) => r.filter((x) => x.aborted).length >= 2);

    // Up again.
    const upAt = Math.max(...(await Promise.all(keys.map((k) => script(k, [])))));
    const delivered = await Promise.all(keys.map((k) => receivedUntil(k, (r) => answeredOk(r).length >= 13, 20_000)));
    const recoveryMs = Math.max(...delivered.flatMap((r) => answeredOk(r).map((x) => x.answeredAt! - upAt)));

    // Every row recorded sent: none can leave again, so what the fake got is final.
    const report = await until(
      () => outbox(address, token),
      (r) => r.counts.sent === 26,
    );
    let duplicates = 0;
    for (const k of keys) {
      const ok = answeredOk(await received(k));
      const subjects = ok.map(subjectOf);
      duplicates += subjects.length - new Set(subjects).size;
      expect(subjects).toEqual(["Warmup 0", "Warmup 1", "Warmup 2", ...Array.from({ length: 10 }, (_, i) => `Mail ${i + 1}`)]);
    }
    expect(duplicates).toBe(0);
    expect(report.counts).toEqual({ pending: 0, sending: 0, sent: 26, dead: 0 });
    expect(Math.max(...report.entries.map((e) => e.attempts))).toBeGreaterThan(3);

    // Deliveries are not slowed by the outage (the tight figures are `npm run bench`'s outbox goals).
    const worst = Math.max(...downTimes);
    const median = [...downTimes].sort((a, b) => a - b)[Math.floor(downTimes.length / 2)];
    console.log(
      `[outage] recovery after Bot API came back: ${recoveryMs} ms; duplicate sends: ${duplicates}; ` +
        `delivery ms while up: max ${Math.max(...upTimes).toFixed(1)}, while down: median ${median.toFixed(1)} max ${worst.toFixed(1)}; ` +
        `requests made: ${(await Promise.all(keys.map(received))).map((r) => r.length).join(", ")}`,
    );
    // A delivery that waited on Telegram would take at least the fetch timeout
    // (300 ms here); a delivery takes ~10 ms, so this bound has a wide margin.
    expect(median).toBeLessThan(Number(env.OUTBOX_FETCH_TIMEOUT_MS));
    expect(recoveryMs).toBeLessThan(5000); // backoff is capped at 400 ms in tests; recovery takes ~0.8 s
  });

  it("honours 429 retry_after: no request to that chat before it elapses", async () => {
    const chat = newChatId();
    const key = `telegram:${chat}`;
    const bound = await claim("tg-flood");
    await tell(chat, `/bind ${bound.token}`);
    await script(key, [{ mode: "429", retryAfter: 2, times: 1 }]);
    await timedDeliver(bound.address, "First 1");
    await timedDeliver(bound.address, "Second 2");
    const r = await receivedUntil(key, (x) => answeredOk(x).length === 2, 10_000);
    expect(r[0].status).toBe(429);
    const limitedAt = r[0].answeredAt!;
    for (const later of r.slice(1)) expect(later.at - limitedAt).toBeGreaterThanOrEqual(2000);
    expect(r.slice(1).map(subjectOf)).toEqual(["First 1", "Second 2"]);
    console.log(`[429] retry_after=2s; next request came ${r[1].at - limitedAt} ms after the 429`);
  });

  it("stops at a permanent refusal: 403 (blocked) and 400 'chat not found' unbind the chat; other 400s only kill the row", async () => {
    const { address, token } = await claim("tg-refused");
    const blocked = newChatId();
    const missing = newChatId();
    const picky = newChatId();
    for (const c of [blocked, missing, picky]) await tell(c, `/bind ${token}`);
    await script(`telegram:${blocked}`, [{ mode: "status", status: 403, description: "Forbidden: bot was blocked by the user" }]);
    await script(`telegram:${missing}`, [{ mode: "status", status: 400, description: "Bad Request: chat not found" }]);
    await script(`telegram:${picky}`, [{ mode: "status", status: 400, description: "Bad Request: message is too long", times: 1 }]);
    await timedDeliver(address, "One 1");
    const report = await until(
      () => outbox(address, token),
      (r) => r.counts.dead === 3,
    );
    const byChat = Object.fromEntries(report.entries.map((e) => [e.target.id, e]));
    expect(byChat[String(blocked)]).toMatchObject({ state: "dead", attempts: 1 });
    expect(byChat[String(blocked)].lastError).toMatch(/chat unbound: 403 Forbidden: bot was blocked/);
    expect(byChat[String(missing)].lastError).toMatch(/chat unbound: 400 Bad Request: chat not found/);
    expect(byChat[String(picky)].lastError).toBe("400 Bad Request: message is too long");
    // The blocked chats lost the address; the picky one keeps it and gets the next mail.
    expect((await tell(blocked, "/list")).body!.text).toMatch(/No addresses/);
    expect((await tell(missing, "/list")).body!.text).toMatch(/No addresses/);
    expect((await tell(picky, "/list")).body!.text).toContain(address);
    await timedDeliver(address, "Two 2");
    await receivedUntil(`telegram:${picky}`, (r) => answeredOk(r).length === 1);
    // The mailbox forgot the unbound chats: the second mail is owed to the picky chat alone.
    const after = await outbox(address, token);
    expect(after.entries.filter((e) => e.messageId === 2).map((e) => e.target.id)).toEqual([String(picky)]);
    expect(await received(`telegram:${blocked}`)).toHaveLength(1);
    expect(await received(`telegram:${missing}`)).toHaveLength(1);
  });

  it("gives up after OUTBOX_MAX_ATTEMPTS and shows the dead row; the next mail still goes out", async () => {
    const chat = newChatId();
    const key = `telegram:${chat}`;
    const { address, token } = await claim("tg-dead");
    await tell(chat, `/bind ${token}`);
    await script(key, [{ mode: "status", status: 502, description: "Bad Gateway", times: Number(env.OUTBOX_MAX_ATTEMPTS) }]);
    await timedDeliver(address, "Doomed 1");
    const report = await until(
      () => outbox(address, token),
      (r) => r.counts.dead === 1,
      20_000,
    );
    expect(report.entries[0]).toMatchObject({ state: "dead", attempts: Number(env.OUTBOX_MAX_ATTEMPTS) });
    expect(report.entries[0].lastError).toBe(`gave up after ${env.OUTBOX_MAX_ATTEMPTS} attempts: 502 Bad Gateway`);
    expect(await received(key)).toHaveLength(Number(env.OUTBOX_MAX_ATTEMPTS));
    // Backoff grows: later gaps are longer than the first.
    const r = await received(key);
    expect(r[r.length - 1].at - r[r.length - 2].at).toBeGreaterThan(r[1].at - r[0].at);
    await timedDeliver(address, "Alive 2");
    const ok = await receivedUntil(key, (x) => answeredOk(x).length === 1);
    expect(subjectOf(answeredOk(ok)[0])).toBe("Alive 2");
  });

  it("never resends a row whose success was recorded, and sends again (in order) a row interrupted mid-request", async () => {
    const chat = newChatId();
    const key = `telegram:${chat}`;
    const { address, token } = await claim("tg-interrupted");
    await tell(chat, `/bind ${token}`);
    const stub = env.MAILBOX.getByName(address);
    // As an alarm killed at the worst moments would leave them: one row recorded
    // sent, one marked in flight (we cannot know whether Telegram got it), one pending.
    await runInDurableObject(stub, (_instance, state) => {
      for (const rowState of ["sent", "sending", "pending"]) {
        state.storage.sql.exec(
          `INSERT INTO outbox (message_id, target_kind, target_id, payload, attempts, next_at, state, created_at)
           VALUES (1, 'telegram', ?, ?, 1, 0, ?, ?)`,
          String(chat),
          JSON.stringify({ chat_id: chat, text: `<b>Subject:</b> ${rowState}`, parse_mode: "HTML" }),
          rowState,
          Date.now(),
        );
      }
    });
    // The object restarts (a fresh instance carries no request) and its alarm runs.
    await evictDurableObject(stub);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    // Once every row is recorded sent, nothing more can leave: then count what did.
    const report = await until(
      () => outbox(address, token),
      (r) => r.counts.sent === 3,
    );
    expect(report.entries.map((e) => e.state)).toEqual(["sent", "sent", "sent"]);
    expect((await received(key)).map(subjectOf)).toEqual(["sending", "pending"]);
  });

  it("forgets finished rows once their mail's TTL has passed, keeping recent ones and everything still owed", async () => {
    const chat = newChatId();
    const key = `telegram:${chat}`;
    const { address, token } = await claim("tg-pruned");
    await script(key, [{ mode: "status", status: 500 }]);
    const old = Date.now() - Number(env.MESSAGE_TTL_SECONDS) * 1000 - 1;
    const ids = await runInDurableObject(env.MAILBOX.getByName(address), (_instance, state) => {
      const rows: [string, number][] = [
        ["sent", old],
        ["dead", old],
        ["sent", Date.now()],
        ["dead", Date.now()],
        ["pending", old],
      ];
      for (const [rowState, createdAt] of rows) {
        state.storage.sql.exec(
          `INSERT INTO outbox (message_id, target_kind, target_id, payload, attempts, next_at, state, created_at)
           VALUES (1, 'telegram', ?, ?, 0, 0, ?, ?)`,
          String(chat),
          JSON.stringify({ chat_id: chat, text: `<b>Subject:</b> ${rowState}`, parse_mode: "HTML" }),
          rowState,
          createdAt,
        );
      }
      return state.storage.sql
        .exec<{ id: number }>("SELECT id FROM outbox WHERE target_kind = 'telegram' ORDER BY id")
        .toArray()
        .map((r) => r.id);
    });
    expect(await runDurableObjectAlarm(env.MAILBOX.getByName(address))).toBe(true);
    const report = await outbox(address, token);
    // Oldest last: the old pending row (retried, still owed), then the two recent finished ones.
    expect(report.entries.map((e) => [e.id, e.state])).toEqual([
      [ids[4], "pending"],
      [ids[3], "dead"],
      [ids[2], "sent"],
    ]);
    expect(report.entries[0].attempts).toBeGreaterThanOrEqual(1);
  });

  it("backs off exponentially with jitter: attempt n waits between half and all of min(max, base·2^(n-1))", () => {
    for (let n = 1; n <= 12; n++) {
      const ceiling = Math.min(60_000, 1000 * 2 ** (n - 1));
      const waits = Array.from({ length: 200 }, () => backoffMs(n, 1000, 60_000));
      expect(Math.min(...waits)).toBeGreaterThanOrEqual(ceiling / 2);
      expect(Math.max(...waits)).toBeLessThanOrEqual(ceiling);
      expect(new Set(waits).size).toBeGreaterThan(1); // jittered, not fixed
    }
  });
});
