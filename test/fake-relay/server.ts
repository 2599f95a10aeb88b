// A real SMTP relay (the smtp-server package) on 127.0.0.1 for the workerd tests, started by
// vitest's globalSetup: AUTH PLAIN/LOGIN with the test credentials, no TLS. It records every
// message it accepts and answers each recipient as the test scripted it through an HTTP
// control port (/_control): accept, refuse for now (451), refuse for good (550), or drop the
// connection (a relay going down mid-session). Recipients are the keys, so test files running
// side by side never share a script.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { TestProject } from "vitest/node";

import { RELAY_PASS, RELAY_USER } from "./credentials.ts";

export interface RelayRule {
  mode: "ok" | "temp" | "perm" | "drop";
  /** how many attempts this rule answers; forever when absent */
  times?: number;
}

export interface RelayedMessage {
  seq: number;
  from: string;
  to: string[];
  /** base64 of the bytes as received after DATA */
  raw: string;
  at: number;
  user: string | null;
  /** the session was encrypted (implicit TLS or STARTTLS) */
  secure: boolean;
}

export interface RelayAttempt {
  rcpt: string;
  mode: RelayRule["mode"];
  at: number;
}

declare module "vitest" {
  interface ProvidedContext {
    fakeRelayPort: number;
    fakeRelayControl: string;
  }
}

/**
 * A relay (not yet listening); `onMessage` hears each accepted message as it lands. With `tls`,
 * it speaks TLS from the first byte (`implicit`) or offers STARTTLS, and AUTH needs TLS.
 */
export function startRelay(
  options: { authMethods?: string[]; onMessage?: (m: RelayedMessage) => void; tls?: { key: string; cert: string; implicit: boolean } } = {},
) {
  const rules = new Map<string, RelayRule[]>();
  const received: RelayedMessage[] = [];
  const attempts: RelayAttempt[] = [];
  let seq = 0;

  function next(rcpt: string): RelayRule {
    const queue = rules.get(rcpt);
    const rule = queue?.[0];
    if (!rule) return { mode: "ok" };
    if (rule.times !== undefined && --rule.times <= 0) queue!.shift();
    return rule;
  }

  const smtp = new SMTPServer({
    secure: options.tls?.implicit ?? false,
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : { disabledCommands: ["STARTTLS"] }),
    authMethods: options.authMethods ?? ["PLAIN", "LOGIN"],
    allowInsecureAuth: !options.tls,
    size: 20 * 1024 * 1024,
    logger: false,
    // A reverse DNS lookup of 127.0.0.1 would add ~100 ms to every session.
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      if (auth.username === RELAY_USER && auth.password === RELAY_PASS) return callback(null, { user: `${auth.method}:${auth.username}` });
      callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(address, session, callback) {
      const rcpt = address.address.toLowerCase();
      const rule = next(rcpt);
      attempts.push({ rcpt, mode: rule.mode, at: Date.now() });
      if (rule.mode === "temp") return callback(Object.assign(new Error("4.3.0 Try again later"), { responseCode: 451 }));
      if (rule.mode === "perm") return callback(Object.assign(new Error("5.1.1 No such user here"), { responseCode: 550 }));
      if (rule.mode === "drop") {
        for (const c of (smtp as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections) {
          if (c.id === session.id) c._socket.destroy();
        }
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const message: RelayedMessage = {
          seq: ++seq,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw: Buffer.concat(chunks).toString("base64"),
          at: Date.now(),
          user: (session.user as string | undefined) ?? null,
          secure: session.secure,
        };
        received.push(message);
        options.onMessage?.(message);
        callback(null, `2.0.0 Ok: queued as relay-${seq}`);
      });
    },
  });
  smtp.on("error", () => {});
  return { smtp, rules, received, attempts };
}

export default async function setup(project: TestProject) {
  const relay = startRelay();
  await new Promise<void>((resolve) => relay.smtp.listen(0, "127.0.0.1", resolve));
  const port = (relay.smtp.server.address() as AddressInfo).port;

  const control = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://relay");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const json = (value: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === "/_control/rules" && req.method === "POST") {
      const { rcpt, rules } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { rcpt: string; rules: RelayRule[] };
      relay.rules.set(
        rcpt.toLowerCase(),
        rules.map((r) => ({ ...r })),
      );
      return json({ at: Date.now() });
    }
    if (url.pathname === "/_control/received") {
      const rcpt = url.searchParams.get("rcpt")?.toLowerCase();
      return json({
        now: Date.now(),
        messages: relay.received.filter((m) => !rcpt || m.to.includes(rcpt)),
        attempts: relay.attempts.filter((a) => !rcpt || a.rcpt === rcpt),
      });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  project.provide("fakeRelayPort", port);
  project.provide("fakeRelayControl", `http://127.0.0.1:${(control.address() as AddressInfo).port}`);

  return async () => {
    await new Promise<void>((resolve) => relay.smtp.close(() => resolve()));
    await new Promise<void>((resolve) => control.close(() => resolve()));
  };
}
