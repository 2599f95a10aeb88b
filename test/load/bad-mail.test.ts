// Oversize and malformed mail through the local email endpoint: refused by
// the endpoint, rejected by us for the reasons the contract names (size,
// unknown address), or stored raw byte-identical, but never a crash.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeIdle, deliver, http, json } from "../../bench/lib/http";
import { generatedMail } from "../../bench/lib/mail";
import { type Service, startService } from "../node/service";
import { seeded } from "./live-client";
import { type Claimed, claim, listAll } from "./mailbox-audit";
import { malformedMail } from "./malformed-mail";

const MAX = 1024 * 1024; // MAX_MESSAGE_BYTES for this service
const CASES = Number(process.env.LOAD_BAD_MAILS ?? 240);
const SEED = Number(process.env.LOAD_SEED ?? 6);

let svc: Service;
let box: Claimed;
const auth = () => ({ Authorization: `Bearer ${box.token}` });
beforeAll(async () => {
  svc = await startService({ vars: { MAX_MESSAGE_BYTES: String(MAX) } });
  box = await claim(svc.url, "badmail");
});
afterAll(async () => {
  closeIdle();
  await svc?.stop();
});

const enc = new TextEncoder();

function padded(to: string, size: number): Uint8Array {
  const head = `From: a@service.example\r\nTo: ${to}\r\nSubject: big\r\nMessage-ID: <big${size}@x>\r\n\r\n`;
  return enc.encode(head + "x".repeat(size - head.length));
}

/**
 * The local endpoint itself fails with a 500 on some mail before any Worker
 * code runs (DESIGN.md §2): header names or values `Headers` cannot take, more
 * headers than RPC can carry, no From. Its stack is then all its own.
 */
function refusedBeforeWorker(body: string): boolean {
  const known =
    /^(TypeError: Invalid header (name|value)\.|DataCloneError: Deserialization failed: header count exceeds maximum|TypeError: Cannot read properties of undefined \(reading 'address'\))/;
  const frames = body.split("\n").filter((l) => l.trim().startsWith("at "));
  return known.test(body) && frames.length > 0 && frames.every((l) => /miniflare\/dist\/src\/workers\/core\/entry\.worker\.js/.test(l));
}

describe("oversize and malformed mail", () => {
  it("rejects mail over MAX_MESSAGE_BYTES and stores mail at the limit", async () => {
    const over = await deliver(svc.url, "a@service.example", box.address, padded(box.address, MAX + 1));
    expect(over.status).toBe(400);
    expect(over.body.toString()).toMatch(/rejected.*exceeds/i);
    const at = await deliver(svc.url, "a@service.example", box.address, padded(box.address, MAX));
    expect(at.status).toBe(200);
    // Past the platform's own 25 MiB the endpoint refuses before the Worker runs.
    const huge = await deliver(svc.url, "a@service.example", box.address, padded(box.address, 25 * 1024 * 1024 + 1));
    expect(huge.status).toBe(400);
    const stored = await listAll(svc.url, box.address, box.token);
    expect(stored.map((m) => m.subject)).toEqual(["big"]);
  });

  it("rejects mail for unknown addresses and foreign domains", async () => {
    for (const to of ["nobody@pigeonhole.test", "badmail@elsewhere.example", "not-an-address"]) {
      const r = await deliver(svc.url, "a@service.example", to, generatedMail(0, to));
      expect(r.status, to).toBe(400);
      expect(r.body.toString(), to).toMatch(/rejected/i);
    }
  });

  it(`takes ${CASES} seeded malformed mails (seed ${SEED}) without a crash, and stores what the endpoint lets through raw`, async () => {
    const random = seeded(SEED);
    const before = (await listAll(svc.url, box.address, box.token)).length;
    const accepted: Uint8Array[] = [];
    const problems: string[] = [];
    let refusedByEndpoint = 0;
    for (let n = 0; n < CASES; n++) {
      const raw = malformedMail(random, n, box.address);
      let r: Awaited<ReturnType<typeof deliver>>;
      try {
        r = await deliver(svc.url, "bad@load.example", box.address, raw);
      } catch (err) {
        problems.push(`#${n}: no answer (${err})`);
        continue;
      }
      const text = r.body.toString();
      if (r.status === 200) accepted.push(raw);
      else if (r.status === 400 && !/Worker rejected/.test(text)) refusedByEndpoint++;
      else if (r.status === 500 && refusedBeforeWorker(text)) refusedByEndpoint++;
      else problems.push(`#${n}: ${r.status} ${text.slice(0, 300)}`);
    }
    expect(problems).toEqual([]);
    expect(accepted.length).toBeGreaterThan(CASES / 2);

    // What got a 200 is there, in order, raw byte-identical, and readable.
    const stored = (await listAll(svc.url, box.address, box.token)).slice(before);
    expect(stored.length).toBe(accepted.length);
    let parseErrors = 0;
    for (const [k, m] of stored.entries()) {
      const raw = await http(`${svc.url}/api/v1/mailboxes/${box.address}/messages/${m.id}/raw`, { headers: auth() });
      expect(raw.status).toBe(200);
      expect(Buffer.compare(raw.body, Buffer.from(accepted[k])), `message ${m.id}`).toBe(0);
      const detail = await http(`${svc.url}/api/v1/mailboxes/${box.address}/messages/${m.id}`, { headers: auth() });
      expect(detail.status).toBe(200);
      const d = json(detail);
      if (d.parseError) parseErrors++;
      for (const a of d.attachments.slice(0, 3)) {
        const att = await http(`${svc.url}/api/v1/mailboxes/${box.address}/messages/${m.id}/attachments/${a.index}`, { headers: auth() });
        expect(att.status).toBe(200);
        expect(att.body.length).toBe(a.size);
      }
    }
    console.log(`bad-mail: ${accepted.length} stored (${parseErrors} with parseError), ${refusedByEndpoint} refused by the endpoint`);
    expect((await http(`${svc.url}/api/v1/config`)).status).toBe(200);
  });
});
