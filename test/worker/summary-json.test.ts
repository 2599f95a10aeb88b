// The list's summaries and a message's detail are written by SQLite (summary-json.ts) while
// pushes, replays and mark-read build summaries in JavaScript (summaryOf): the two must give
// the same summary for every kind of row, or a list and a pushed frame would disagree about
// the same message; and the detail must be the summary plus every other stored field.
import { describe, expect, it } from "vitest";
import { MessageStore } from "../../objects/mailbox/message-store";
import { type StoredBody, type StoredMessage, summaryOf } from "../../objects/mailbox/stored-message";
import type { MessageDetail } from "../../src/contract/wire";
import { buildDelivery } from "../../src/inbound";
import { claim, insideMailbox, rawMessage } from "./helpers";

const withAttachment = (to: string) =>
  `From: "O'Brien, \\"Q\\"" <q@example.com>\r\nTo: ${to}\r\nSubject: =?utf-8?B?8J+TpiBDb2RlIOKAnDQ4MjkxM+KAnQ==?=\r\n` +
  `MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n` +
  `Your verification code is 482913.\r\nhttps://example.com/verify?t=abc\r\n--b\r\nContent-Type: application/pdf; name=a.pdf\r\n` +
  `Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n`;

const mails = (to: string) => [
  rawMessage({ to, subject: "Plain", body: "No code here." }),
  rawMessage({ to, subject: 'Quotes " and \\ and \u2028 and tab\t', body: "Code: 7Q4-K2P" }),
  rawMessage({ to, from: "", subject: "", body: "" }),
  withAttachment(to),
  "not a mail at all\r\n",
];

/** The detail as the API documents it: the summary, then the rest of the row and the bodies. */
function expectedDetail(m: StoredMessage, body: StoredBody): MessageDetail {
  return {
    ...summaryOf(m),
    envelope: { from: m.envelopeFrom, to: m.envelopeTo },
    messageId: m.messageId,
    to: m.to,
    cc: m.cc,
    replyTo: m.replyTo,
    date: m.date,
    text: body.text,
    html: body.html,
    attachments: m.attachments,
    parser: m.parser,
    warnings: m.warnings,
    forwarded: m.forwarded,
  };
}

describe("list summaries and details made by SQLite", () => {
  it("equal summaryOf for inbox, junk and sent rows, seen or not, with and without auth, at any millisecond", async () => {
    // Times that test the ISO conversion: a whole second, the last and first millisecond, the epoch, far ahead.
    const times = [
      Date.UTC(2026, 10, 28, 12),
      Date.UTC(2026, 10, 28, 12, 0, 0, 999),
      Date.UTC(2026, 10, 28, 12, 0, 1, 1),
      0,
      Date.UTC(2099, 11, 31, 23, 59, 59, 999),
    ];
    for (let i = 0; i < 40; i++) times.push(1_600_000_000_000 + Math.floor(Math.random() * 200_000_000_000));
    const { address } = await claim();
    const deliveries: Awaited<ReturnType<typeof buildDelivery>>[] = [];
    for (const [k, raw] of mails(address).entries()) {
      deliveries.push(
        await buildDelivery(new TextEncoder().encode(raw), { from: "s@example.com", to: address, tag: k % 2 ? "shop" : null }),
      );
    }
    const pairs = await insideMailbox(address, (_parts, sql, state) => {
      const store = new MessageStore(sql, state.storage);
      times.forEach((receivedAt, i) => {
        const { delivery, payload } = deliveries[i % deliveries.length];
        const d = { ...delivery, receivedAt };
        const placement = [
          { folder: "inbox", status: null },
          { folder: "junk", status: null },
          { folder: "sent", status: "queued" },
        ][i % 3] as Parameters<MessageStore["insert"]>[3];
        const id = store.transaction(() => store.insert(d, payload as Uint8Array, (payload as Uint8Array).byteLength, placement));
        if (i % 4 === 0) store.setSeen(id, true);
        if (i % 5 === 0) store.setStatus(id, "failed", "relay said 550 'no'");
        // rows stored before sender verdicts existed have no auth_json (nor, being older, a summary tail)
        if (i % 7 === 0) sql.exec("UPDATE messages SET auth_json = NULL, summary_tail = NULL WHERE id = ?", id);
        // rows stored before the summary tail: the list makes those members from the columns
        if (i % 3 === 1) sql.exec("UPDATE messages SET summary_tail = NULL WHERE id = ?", id);
      });
      const out: { sql: unknown; js: unknown; detail: unknown; expected: unknown }[] = [];
      for (const folder of ["inbox", "junk", "sent"] as const) {
        for (const summary of JSON.parse(`[${store.summaryPage(Number.MAX_SAFE_INTEGER, 1000, folder).items}]`) as { id: number }[]) {
          const stored = store.stored(summary.id);
          const detail = store.detail(summary.id);
          out.push({
            sql: summary,
            js: stored && JSON.parse(JSON.stringify(summaryOf(stored))),
            detail: detail && JSON.parse(detail),
            expected: stored && JSON.parse(JSON.stringify(expectedDetail(stored, store.body(summary.id)))),
          });
        }
      }
      // a message that is gone has no detail
      out.push({ sql: null, js: null, detail: store.detail(1e9), expected: null });
      return out;
    });
    expect(pairs).toHaveLength(times.length + 1);
    for (const { sql, js, detail, expected } of pairs) {
      expect(sql).toStrictEqual(js);
      expect(detail).toStrictEqual(expected);
    }
    pairs.pop();
    // the cases above are all there: each folder, seen and not, codes, an attachment, no auth
    const summaries = pairs.map((p) => p.sql as Record<string, unknown>);
    expect(new Set(summaries.map((s) => s.folder))).toEqual(new Set(["inbox", "junk", "sent"]));
    expect(summaries.some((s) => s.seen === true) && summaries.some((s) => s.seen === false)).toBe(true);
    expect(summaries.some((s) => (s.attachmentCount as number) > 0)).toBe(true);
    expect(summaries.some((s) => (s.codes as unknown[]).length > 0)).toBe(true);
    expect(summaries.some((s) => s.receivedAt === "1970-01-01T00:00:00.000Z")).toBe(true);
    expect(summaries.some((s) => s.status === "failed" && s.statusReason === "relay said 550 'no'")).toBe(true);
  });
});
