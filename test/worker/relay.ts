// Test helpers for sent mail: the fake SMTP relay's script and record (test/fake-relay/), a send
// request, and both parsers reading back what the relay received.
import { inject } from "vitest";
import type { ParsedMail } from "../../src/contract/parsed-mail";
import type { SendRequest } from "../../src/contract/wire";
import { parseWithPostalMime } from "../../src/mail/postal";
import { parseWithWasm } from "../../wasm-parser/index";
import type { RelayAttempt, RelayedMessage, RelayRule } from "../fake-relay/server";
import { api, auth } from "./helpers";

const CONTROL = inject("fakeRelayControl");

/** Scripts how the relay answers one recipient (consumed in order). */
export async function scriptRelay(rcpt: string, rules: RelayRule[]): Promise<void> {
  await fetch(`${CONTROL}/_control/rules`, { method: "POST", body: JSON.stringify({ rcpt, rules }) });
}

export async function relayed(rcpt: string): Promise<{ messages: RelayedMessage[]; attempts: RelayAttempt[] }> {
  const res = await fetch(`${CONTROL}/_control/received?rcpt=${encodeURIComponent(rcpt)}`);
  return res.json();
}

/** Polls the relay until `predicate` holds for what `rcpt` got. */
export async function relayedUntil(
  rcpt: string,
  predicate: (r: { messages: RelayedMessage[]; attempts: RelayAttempt[] }) => boolean,
  ms = 15_000,
): Promise<{ messages: RelayedMessage[]; attempts: RelayAttempt[] }> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await relayed(rcpt);
    if (predicate(r)) return r;
    if (Date.now() > deadline)
      throw new Error(`relay: timed out waiting on ${rcpt}; got ${r.messages.length} messages, ${r.attempts.length} attempts`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

export function bytesOf(m: RelayedMessage): Uint8Array {
  return Uint8Array.from(atob(m.raw), (c) => c.charCodeAt(0));
}

/** A unique outside recipient per call, so parallel test files never share the relay's scripts. */
export function outside(name = "rcpt"): string {
  return `${name}-${crypto.randomUUID().slice(0, 8)}@example.net`;
}

export function send(address: string, token: string, body: SendRequest | Record<string, unknown>): Promise<Response> {
  return api(`/api/v1/mailboxes/${address}/send`, auth(token, { method: "POST", body: JSON.stringify(body) }));
}

/** What both parsers make of the same bytes. */
export async function bothParsers(raw: Uint8Array): Promise<[ParsedMail, ParsedMail]> {
  return [parseWithWasm(raw), await parseWithPostalMime(raw)];
}

export function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function storedRaw(address: string, token: string, id: number): Promise<Uint8Array> {
  const res = await api(`/api/v1/mailboxes/${address}/messages/${id}/raw`, auth(token));
  return new Uint8Array(await res.arrayBuffer());
}
