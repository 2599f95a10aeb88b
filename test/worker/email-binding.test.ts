// The Email Service courier against the real `send_email` binding the vitest plugin gives
// (miniflare's local simulation): a composed message is taken and its Message-ID reported;
// what the service would refuse for good is dead, a missing binding is retried. The whole
// path through `wrangler dev`, with the written .eml files, is in test/node/sending-service.test.ts.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { submitToBinding } from "../../objects/mailbox/couriers/email-binding";
import { composeMessage } from "../../src/mail/compose";
import type { Composition } from "../../src/mail/send-request";

const FROM = "binding-test@pigeonhole.test";

function composed(to: string): Uint8Array {
  const c: Composition = {
    to: [to],
    cc: [],
    bcc: [],
    subject: "via the binding",
    text: "hello",
    html: null,
    attachments: [],
    fromName: "Binding Test",
    replyTo: null,
    forward: null,
    forwardAs: "attachment",
  };
  return composeMessage(c, { address: FROM, name: c.fromName }, null, `<${crypto.randomUUID()}@pigeonhole.test>`).raw;
}

describe("Email Service binding courier", () => {
  it("hands the raw MIME over, one recipient per message, and records the Message-ID the service reports", async () => {
    expect(env.EMAIL).toBeDefined();
    const verdict = await submitToBinding(env.EMAIL, { from: FROM, to: "someone@example.net" }, composed("someone@example.net"));
    expect(verdict.kind).toBe("sent");
    expect(verdict.kind === "sent" && verdict.receipt).toMatch(/^<[^<>@]+@pigeonhole\.test>$/);
  });

  it("is final when the service refuses the message itself (From is not the envelope sender), and retries without a binding", async () => {
    const refused = await submitToBinding(
      env.EMAIL,
      { from: "other@pigeonhole.test", to: "someone@example.net" },
      composed("someone@example.net"),
    );
    expect(refused).toEqual({ kind: "dead", why: expect.stringMatching(/From: header does not match/) });
    const missing = await submitToBinding(undefined, { from: FROM, to: "someone@example.net" }, composed("someone@example.net"));
    expect(missing).toMatchObject({ kind: "retry", why: expect.stringMatching(/EMAIL binding is missing/) });
  });
});
