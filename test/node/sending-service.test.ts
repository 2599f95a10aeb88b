// Sending from the real service (`wrangler dev`): through the Email Service binding, whose local
// simulation writes each message to .wrangler/tmp/email/; and through a real SMTP relay that
// asks for AUTH LOGIN and goes down for a while: nothing is lost, nothing arrives twice.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Pigeonhole, PigeonholeError } from "../../client/sdk/index";
import type { CreateAddressResponse, MessageList, OutboxReport, SendResponse } from "../../src/contract/wire";
import { RELAY_PASS, RELAY_USER } from "../fake-relay/credentials";
import { startRelay } from "../fake-relay/server";
import { freePort, type Service, startService } from "./service";

const ROOT = resolve(import.meta.dirname, "../..");
const services: Service[] = [];
/** The default transport (the Email Service binding), shared by the binding and client tests. */
let bound: Service;
beforeAll(async () => {
  bound = await startService({ vars: { SEND_DAILY_QUOTA: "10" } });
  services.push(bound);
});
afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
});

async function claim(svc: Service): Promise<CreateAddressResponse> {
  return (await fetch(`${svc.url}/api/v1/addresses`, { method: "POST", body: "{}" })).json() as Promise<CreateAddressResponse>;
}

function call(svc: Service, token: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(svc.url + path, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
}

async function until<T>(what: string, probe: () => Promise<T | null>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Where the binding's local simulation wrote the message it reported as `receipt`. */
function emlFile(receipt: string): string | null {
  const dir = join(ROOT, ".wrangler/tmp/email");
  if (!existsSync(dir)) return null;
  for (const instance of readdirSync(dir)) {
    const file = join(dir, instance, "email", `${receipt.replace(/^<|>$/g, "")}.eml`);
    if (existsSync(file)) return file;
  }
  return null;
}

describe("sending from wrangler dev", () => {
  it("through the Email Service binding: one message per recipient, the stored raw with the Message-ID the service gave it", async () => {
    const svc = bound;
    const { address, token } = await claim(svc);
    const attachment = Buffer.from(Array.from({ length: 600 }, (_, i) => i % 256));
    const res = await call(svc, token, `/api/v1/mailboxes/${address}/send`, {
      method: "POST",
      body: JSON.stringify({
        to: ["first@example.net"],
        bcc: ["hidden@example.net"],
        subject: "Über the binding",
        text: "Sent through Email Service.",
        attachments: [{ filename: "bytes.bin", contentType: "application/octet-stream", content: attachment.toString("base64") }],
      }),
    });
    expect(res.status).toBe(202);
    const queued = (await res.json()) as SendResponse;
    const rows = await until("both recipients sent", async () => {
      const report = (await (await call(svc, token, `/api/v1/mailboxes/${address}/outbox`)).json()) as OutboxReport;
      const mail = report.entries.filter((e) => e.target.kind === "mail");
      return mail.length === 2 && mail.every((e) => e.state === "sent") ? mail : null;
    });
    const stored = Buffer.from(await (await call(svc, token, `/api/v1/mailboxes/${address}/messages/${queued.id}/raw`)).arrayBuffer());
    for (const row of rows) {
      expect(row.receipt).toMatch(/^<.+@pigeonhole\.test>$/);
      // The simulation swaps in its own Message-ID; every other byte is what we stored and sent.
      const expected = stored.toString("latin1").replace(queued.messageId, row.receipt!);
      // It writes its file after send() has answered: wait until the file is whole.
      const file = await until("the .eml file", async () => emlFile(row.receipt!), 10_000);
      await until("the whole .eml file", async () => (readFileSync(file).length >= expected.length ? true : null), 10_000);
      const written = readFileSync(file);
      expect(written.toString("latin1")).toBe(expected);
      const parsed = await PostalMime.parse(written, { attachmentEncoding: "arraybuffer" });
      expect(parsed.subject).toBe("Über the binding");
      expect(parsed.from?.address).toBe(address);
      expect(parsed.bcc ?? []).toEqual([]);
      expect(Buffer.from(parsed.attachments[0].content as ArrayBuffer)).toEqual(attachment);
    }
    expect(rows.map((r) => r.target.id).sort()).toEqual(["first@example.net", "hidden@example.net"]);
    const sent = (await (await call(svc, token, `/api/v1/mailboxes/${address}/messages?folder=sent`)).json()) as MessageList;
    expect(sent.messages[0]).toMatchObject({ id: queued.id, status: "sent" });
  });

  it("through an SMTP relay (AUTH LOGIN) that is down, then up: every mail arrives once, none lost", async () => {
    const arrived: string[] = [];
    const port = await freePort();
    const listen = async () => {
      const relay = startRelay({ authMethods: ["LOGIN"], onMessage: (m) => arrived.push(...m.to.map((t) => `${t} ${m.user}`)) });
      await new Promise<void>((r) => relay.smtp.listen(port, "127.0.0.1", r));
      expect((relay.smtp.server.address() as AddressInfo).port).toBe(port);
      return relay;
    };
    const svc = await startService({
      vars: {
        SEND_TRANSPORT: "smtp",
        SMTP_URL: `smtp://${RELAY_USER}:${RELAY_PASS}@127.0.0.1:${port}`,
        SEND_DAILY_QUOTA: "100",
        OUTBOX_BACKOFF_BASE_MS: "100",
        OUTBOX_BACKOFF_MAX_MS: "800",
        SMTP_TIMEOUT_MS: "2000",
      },
    });
    services.push(svc);
    const { address, token } = await claim(svc);
    // The relay is down: connections are refused.
    const ids: number[] = [];
    for (let n = 0; n < 10; n++) {
      const res = await call(svc, token, `/api/v1/mailboxes/${address}/send`, {
        method: "POST",
        body: JSON.stringify({ to: [`r${n}@example.net`, "all@example.net"], subject: `outage ${n}`, text: `mail ${n}` }),
      });
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as SendResponse).id);
    }
    const waiting = await until("retries recorded", async () => {
      const list = (await (await call(svc, token, `/api/v1/mailboxes/${address}/messages?folder=sent`)).json()) as MessageList;
      return list.messages.every((m) => m.status === "queued" && m.statusReason?.startsWith("retrying: ")) ? list.messages : null;
    });
    expect(waiting).toHaveLength(10);
    expect(arrived).toEqual([]);

    const relay = await listen();
    try {
      await until("all sent", async () => {
        const list = (await (await call(svc, token, `/api/v1/mailboxes/${address}/messages?folder=sent`)).json()) as MessageList;
        return list.messages.every((m) => m.status === "sent") ? true : null;
      });
      await new Promise((r) => setTimeout(r, 1000)); // a duplicate would land by now
      const want = ids.flatMap((_, n) => [`r${n}@example.net LOGIN:${RELAY_USER}`, `all@example.net LOGIN:${RELAY_USER}`]);
      expect([...arrived].sort()).toEqual(want.sort());
      // all@example.net's queue is one queue: its ten mails arrived in the order they were sent.
      const toAll = relay.received.filter((m) => m.to[0] === "all@example.net");
      const order = await Promise.all(toAll.map(async (m) => (await PostalMime.parse(Buffer.from(m.raw, "base64"))).text));
      expect(order).toEqual(ids.map((_, n) => `mail ${n}`));
    } finally {
      await new Promise<void>((r) => relay.smtp.close(() => r()));
    }
  });
});

describe("sending from the SDK and the CLI", () => {
  it("SDK send() and sendRaw(), the sent folder with its status, and the quota as a PigeonholeError", async () => {
    const { client, address } = await Pigeonhole.createAddress(bound.url);
    const queued = await client.send({ to: ["sdk@example.net"], subject: "from the SDK", text: "hi" });
    expect(queued).toMatchObject({ id: 1, status: "queued" });
    const raw = await client.sendRaw(`From: ${address}\r\nTo: raw@example.net\r\nSubject: raw\r\n\r\nbody\r\n`, ["other@example.net"]);
    expect(raw.id).toBe(2);
    const sent = await until("both sent", async () => {
      const list = await client.list({ folder: "sent" });
      return list.messages.every((m) => m.status === "sent") ? list.messages : null;
    });
    expect(sent.map((m) => [m.id, m.folder])).toEqual([
      [2, "sent"],
      [1, "sent"],
    ]);
    expect((await client.list()).messages).toEqual([]);
    const many = Array.from({ length: 9 }, (_, i) => `m${i}@example.net`);
    const err = await client.send({ to: many, text: "too many for today" }).catch((e) => e);
    expect(err).toBeInstanceOf(PigeonholeError);
    expect([err.status, err.code]).toEqual([429, "send_quota_exceeded"]);
  });

  it("pigeonhole send: body from a file, attachments, JSON out; ls --folder sent shows its status", async () => {
    const { address, token } = await claim(bound);
    const dir = mkdtempSync(join(tmpdir(), "pigeonhole-send-"));
    writeFileSync(join(dir, "body.html"), "<p>From the <b>command line</b></p>");
    const pdf = Buffer.from("%PDF-1.4\n% not really a pdf\n");
    writeFileSync(join(dir, "invoice.pdf"), pdf);
    const bin = resolve(ROOT, "client/cli/pigeonhole.mjs");
    const env = { ...process.env, PIGEONHOLE_URL: bound.url, PIGEONHOLE_TOKEN: token };
    const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: "utf8" });
    const out = run([
      "send",
      "--to",
      "cli@example.net",
      "--subject",
      "CLI",
      "--file",
      join(dir, "body.html"),
      "--attach",
      join(dir, "invoice.pdf"),
      "--json",
    ]);
    expect(out.status, out.stderr).toBe(0);
    const queued = JSON.parse(out.stdout) as SendResponse;
    const stored = Buffer.from(await (await call(bound, token, `/api/v1/mailboxes/${address}/messages/${queued.id}/raw`)).arrayBuffer());
    const parsed = await PostalMime.parse(stored, { attachmentEncoding: "arraybuffer" });
    expect(parsed.html).toBe("<p>From the <b>command line</b></p>");
    expect(parsed.attachments.map((a) => [a.filename, a.mimeType])).toEqual([["invoice.pdf", "application/pdf"]]);
    expect(Buffer.from(parsed.attachments[0].content as ArrayBuffer)).toEqual(pdf);
    await until("sent", async () => (/\(sent\)/.test(run(["ls", "--folder", "sent"]).stdout) ? true : null));
    const usage = run(["send", "--subject", "no body", "--to", "x@example.net"]);
    expect(usage.status).toBe(1);
    expect(usage.stderr).toMatch(/nothing to send/);
    rmSync(dir, { recursive: true, force: true });
  });
});
