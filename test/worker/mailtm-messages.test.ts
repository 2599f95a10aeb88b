// Contract: mail.tm messages and sources against mail delivered through email().
import { describe, expect, it } from "vitest";
import { deliver, rawMessage } from "./helpers";
import { mt, mtAccount } from "./mailtm-helpers";

const HEX24 = /^[0-9a-f]{24}$/;

function multipart(to: string): string {
  return (
    `From: Shop <shop@example.com>\r\nTo: Buyer <${to}>\r\nCc: Copy <copy@example.com>\r\nSubject: Your receipt\r\n` +
    `Message-ID: <receipt-1@example.com>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n` +
    `Content-Type: multipart/mixed; boundary="b1"\r\n\r\n` +
    `--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Your code is <b>482913</b></p>\r\n` +
    `--b1\r\nContent-Type: text/plain; name="note.txt"\r\nContent-Disposition: attachment; filename="note.txt"\r\n\r\nhello file\r\n` +
    `--b1--\r\n`
  );
}

describe("mail.tm messages", () => {
  it("lists messages newest first with mail.tm's fields, and the hydra view by default", async () => {
    const a = await mtAccount();
    await deliver(a.address, rawMessage({ to: a.address, subject: "first", body: "one" }));
    await deliver(a.address, rawMessage({ to: a.address, subject: "second", body: "two two" }));
    const list = await mt("/messages?page=1", { token: a.token });
    expect(list.status).toBe(200);
    expect(list.body.map((m: any) => m.subject)).toEqual(["second", "first"]);
    const m = list.body[0];
    expect(m).toEqual({
      id: expect.stringMatching(HEX24),
      accountId: `/accounts/${a.id}`,
      msgid: expect.stringMatching(/^<.+@example\.com>$/),
      from: { name: "Sender", address: "sender@example.com" },
      to: [{ name: "", address: a.address }],
      subject: "second",
      intro: "two two",
      seen: false,
      isDeleted: false,
      hasAttachments: false,
      size: expect.any(Number),
      downloadUrl: `/messages/${m.id}/download`,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const ld = await mt("/messages", { token: a.token, accept: "application/ld+json" });
    expect(ld.body["hydra:totalItems"]).toBe(2);
    expect(ld.body["hydra:member"][0]["@type"]).toBe("Message");
    expect(ld.body["hydra:view"]["hydra:first"]).toBe("/messages?page=1");
  });

  it("pages by 30", async () => {
    const a = await mtAccount();
    for (let i = 0; i < 31; i++) await deliver(a.address, rawMessage({ to: a.address, subject: `m${i}` }));
    const p1 = await mt("/messages?page=1", { token: a.token, accept: "application/ld+json" });
    expect(p1.body["hydra:member"]).toHaveLength(30);
    expect(p1.body["hydra:totalItems"]).toBe(31);
    expect(p1.body["hydra:view"]["hydra:next"]).toBe("/messages?page=2");
    const p2 = await mt("/messages?page=2", { token: a.token });
    expect(p2.body.map((m: any) => m.subject)).toEqual(["m0"]);
    expect((await mt("/messages?page=0", { token: a.token })).status).toBe(400);
    expect((await mt("/messages?page=x", { token: a.token })).status).toBe(400);
  });

  it("reads one message in full: html as a list, cc, attachments; seen via PATCH", async () => {
    const a = await mtAccount();
    await deliver(a.address, multipart(a.address));
    const [item] = (await mt("/messages", { token: a.token })).body;
    expect(item.hasAttachments).toBe(true);
    const full = await mt(`/messages/${item.id}`, { token: a.token });
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({
      id: item.id,
      subject: "Your receipt",
      cc: ["copy@example.com"],
      bcc: [],
      seen: false,
      flagged: false,
      retention: true,
      html: [expect.stringContaining("<b>482913</b>")],
      attachments: [
        {
          id: "ATTACH000001",
          filename: "note.txt",
          contentType: expect.stringMatching(/^text\/plain/),
          disposition: "attachment",
          size: expect.any(Number),
          downloadUrl: `/messages/${item.id}/attachment/ATTACH000001`,
        },
      ],
    });
    expect(full.body).not.toHaveProperty("intro");
    const patched = await mt(`/messages/${item.id}`, { method: "PATCH", token: a.token, body: { seen: true } });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ seen: true });
    expect((await mt("/messages", { token: a.token })).body[0].seen).toBe(true);
    expect((await mt(`/messages/${item.id}`, { token: a.token })).body.seen).toBe(true);
    const bad = await mt(`/messages/${item.id}`, { method: "PATCH", token: a.token, body: { seen: "yes" } });
    expect(bad.status).toBe(400);
    const file = await mt(`/messages/${item.id}/attachment/ATTACH000001`, { token: a.token });
    expect(String(file.body).trim()).toBe("hello file");
  });

  it("serves the source byte-identical as text and as a download", async () => {
    const a = await mtAccount();
    const raw = rawMessage({ to: a.address, subject: "source me", body: "exact bytes" });
    await deliver(a.address, raw);
    const [item] = (await mt("/messages", { token: a.token })).body;
    const src = await mt(`/sources/${item.id}`, { token: a.token });
    expect(src.status).toBe(200);
    expect(src.body).toEqual({ id: item.id, downloadUrl: `/messages/${item.id}/download`, data: raw });
    const dl = await mt(`/messages/${item.id}/download`, { token: a.token });
    expect(dl.headers.get("content-type")).toBe("message/rfc822");
    expect(dl.body).toBe(raw);
  });

  it("deletes a message: 204, then 404", async () => {
    const a = await mtAccount();
    await deliver(a.address, rawMessage({ to: a.address }));
    const [item] = (await mt("/messages", { token: a.token })).body;
    expect((await mt(`/messages/${item.id}`, { method: "DELETE", token: a.token })).status).toBe(204);
    expect((await mt(`/messages/${item.id}`, { token: a.token })).status).toBe(404);
    expect((await mt(`/messages/${item.id}`, { method: "DELETE", token: a.token })).status).toBe(404);
    expect((await mt("/messages", { token: a.token })).body).toEqual([]);
  });

  it("404s unknown ids and another account's messages, 401s without a token", async () => {
    const a = await mtAccount();
    const b = await mtAccount();
    await deliver(b.address, rawMessage({ to: b.address }));
    const [theirs] = (await mt("/messages", { token: b.token })).body;
    for (const path of [
      `/messages/${theirs.id}`,
      `/sources/${theirs.id}`,
      "/messages/ffffffffffffffffffffffff",
      "/messages/zzz",
      "/sources/1",
    ]) {
      const res = await mt(path, { token: a.token });
      expect(res.status, path).toBe(404);
    }
    expect((await mt(`/messages/${theirs.id}`, { method: "DELETE", token: a.token })).status).toBe(404);
    expect((await mt(`/messages/${theirs.id}`, { method: "PATCH", token: a.token, body: { seen: true } })).status).toBe(404);
    expect((await mt("/messages")).body).toEqual({ code: 401, message: "JWT Token not found" });
    expect((await mt(`/sources/${theirs.id}`)).status).toBe(401);
    // B's message is untouched.
    expect((await mt(`/messages/${theirs.id}`, { token: b.token })).body.seen).toBe(false);
  });
});
