// SMTP over TLS from the real runtime: `wrangler dev` made to trust a test CA (NODE_EXTRA_CA_CERTS,
// which miniflare hands to workerd) sends to a relay with a certificate from that CA, by
// smtps:// (TLS from the first byte) and by smtp:// upgraded with STARTTLS; a relay whose
// certificate nobody vouches for gets nothing.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateAddressResponse, MessageList } from "../../src/contract/wire";
import { RELAY_PASS, RELAY_USER } from "../fake-relay/credentials";
import { type RelayedMessage, startRelay } from "../fake-relay/server";
import { freePort, type Service, startService } from "./service";

const dir = mkdtempSync(join(tmpdir(), "pigeonhole-tls-"));
const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });

/** A test CA, a relay certificate it signs for 127.0.0.1, and one that nobody signs. */
function makeCertificates() {
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=Pigeonhole test CA",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
  );
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "relay.key", "-out", "relay.csr");
  writeFileSync(join(dir, "san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  openssl(
    "x509",
    "-req",
    "-in",
    "relay.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    "san.ext",
    "-out",
    "relay.pem",
  );
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=127.0.0.1",
    "-addext",
    "subjectAltName=IP:127.0.0.1",
    "-keyout",
    "rogue.key",
    "-out",
    "rogue.pem",
  );
  const read = (f: string) => readFileSync(join(dir, f), "utf8");
  return {
    ca: join(dir, "ca.pem"),
    key: read("relay.key"),
    cert: read("relay.pem"),
    rogueKey: read("rogue.key"),
    rogueCert: read("rogue.pem"),
  };
}

/** SMTP_URL is deployment-wide: one service per relay, started side by side. */
const svcs: Record<"implicit" | "starttls" | "rogue", Service> = {} as never;
const certs = makeCertificates();
const arrived: RelayedMessage[] = [];
const ports = { implicit: 0, starttls: 0, rogue: 0 };
const relays = [
  startRelay({ tls: { key: certs.key, cert: certs.cert, implicit: true }, onMessage: (m) => arrived.push(m) }),
  startRelay({ tls: { key: certs.key, cert: certs.cert, implicit: false }, onMessage: (m) => arrived.push(m) }),
  startRelay({ tls: { key: certs.rogueKey, cert: certs.rogueCert, implicit: true }, onMessage: (m) => arrived.push(m) }),
];

beforeAll(async () => {
  const names = ["implicit", "starttls", "rogue"] as const;
  for (const [i, relay] of relays.entries()) {
    const port = await freePort();
    await new Promise<void>((r) => relay.smtp.listen(port, "127.0.0.1", r));
    ports[names[i]] = (relay.smtp.server.address() as AddressInfo).port;
  }
  // wrangler passes its environment on; miniflare gives workerd the CAs in NODE_EXTRA_CA_CERTS.
  process.env.NODE_EXTRA_CA_CERTS = certs.ca;
  const [implicit, starttls, rogue] = await Promise.all([
    startService({ vars: serviceVars(ports.implicit, "smtps") }),
    startService({ vars: serviceVars(ports.starttls, "smtp") }),
    startService({ vars: serviceVars(ports.rogue, "smtps") }),
  ]);
  Object.assign(svcs, { implicit, starttls, rogue });
});
afterAll(async () => {
  await Promise.all(Object.values(svcs).map((s) => s.stop()));
  for (const r of relays) await new Promise<void>((res) => r.smtp.close(() => res()));
  delete process.env.NODE_EXTRA_CA_CERTS;
  rmSync(dir, { recursive: true, force: true });
});

function serviceVars(port: number, scheme: "smtp" | "smtps"): Record<string, string> {
  return {
    SEND_TRANSPORT: "smtp",
    SMTP_URL: `${scheme}://${RELAY_USER}:${RELAY_PASS}@127.0.0.1:${port}`,
    SEND_DAILY_QUOTA: "20",
    OUTBOX_BACKOFF_BASE_MS: "200",
    OUTBOX_BACKOFF_MAX_MS: "400",
    SMTP_TIMEOUT_MS: "3000",
  };
}

async function sendOne(s: Service, rcpt: string): Promise<{ address: string; token: string }> {
  const { address, token } = (await (
    await fetch(`${s.url}/api/v1/addresses`, { method: "POST", body: "{}" })
  ).json()) as CreateAddressResponse;
  const res = await fetch(`${s.url}/api/v1/mailboxes/${address}/send`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ to: [rcpt], subject: "over TLS", text: "encrypted" }),
  });
  expect(res.status).toBe(202);
  return { address, token };
}

async function sentStatus(s: Service, who: { address: string; token: string }): Promise<MessageList["messages"][number]> {
  const res = await fetch(`${s.url}/api/v1/mailboxes/${who.address}/messages?folder=sent`, {
    headers: { authorization: `Bearer ${who.token}` },
  });
  return ((await res.json()) as MessageList).messages[0];
}

describe("SMTP over TLS", () => {
  it("smtps:// (implicit TLS, port 465 style) to a relay whose certificate the runtime trusts", async () => {
    await sendOne(svcs.implicit, "implicit@example.net");
    await expect.poll(() => arrived.filter((m) => m.to.includes("implicit@example.net")).length, { timeout: 20_000 }).toBe(1);
    expect(arrived.find((m) => m.to.includes("implicit@example.net"))).toMatchObject({ secure: true, user: `PLAIN:${RELAY_USER}` });
  });

  it("smtp:// upgraded with STARTTLS (port 587 style) before AUTH", async () => {
    await sendOne(svcs.starttls, "starttls@example.net");
    await expect.poll(() => arrived.filter((m) => m.to.includes("starttls@example.net")).length, { timeout: 20_000 }).toBe(1);
    expect(arrived.find((m) => m.to.includes("starttls@example.net"))).toMatchObject({ secure: true, user: `PLAIN:${RELAY_USER}` });
  });

  it("a relay with a certificate no trusted CA signed gets nothing: the mail stays queued, retrying", async () => {
    const who = await sendOne(svcs.rogue, "rogue@example.net");
    await expect.poll(async () => (await sentStatus(svcs.rogue, who)).statusReason ?? "", { timeout: 20_000 }).toMatch(/^retrying: /);
    expect((await sentStatus(svcs.rogue, who)).status).toBe("queued");
    expect(arrived.filter((m) => m.to.includes("rogue@example.net"))).toEqual([]);
  });
});
