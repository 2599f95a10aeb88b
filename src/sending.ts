// Sending a message, the one place both send routes (JSON and raw) end: the size, the
// deployment-wide rate, then the Mailbox stores it in the sent folder and queues one
// transport message per recipient within the address's daily quota.
import type { OutgoingMail } from "../objects/mailbox/ops/sending";
import { nextUtcMidnight } from "../objects/mailbox/send-quota";
import type { Config } from "./contract/config";
import type { SendResponse } from "./contract/wire";
import type { Env } from "./env";
import { ApiError } from "./http/errors";
import { buildDelivery } from "./inbound";
import { composeMessage, type Original } from "./mail/compose";
import { type Composition, checkRecipients } from "./mail/send-request";
import type { OwnedMailbox } from "./mailbox-access";

export function refuseWhenOff(config: Config): void {
  if (config.sending.transport === "off") {
    throw new ApiError("sending_disabled", "Sending is turned off on this deployment (SEND_TRANSPORT=off).");
  }
}

/** `from` is the address or a +tag of it; `recipients` are checked and unique. */
export async function queueOutgoing(
  env: Env,
  config: Config,
  mailbox: OwnedMailbox,
  message: { raw: Uint8Array; from: string; recipients: string[] },
): Promise<SendResponse> {
  if (message.raw.byteLength > config.sending.maxBytes) {
    throw new ApiError(
      "too_large",
      `The message is ${message.raw.byteLength} bytes; at most ${config.sending.maxBytes} may be sent (MAX_SEND_BYTES).`,
    );
  }
  if (config.sending.ratePerMinute > 0) {
    const decision = await env.RATE_LIMITER.getByName("send").hit(config.sending.ratePerMinute, 60);
    if (!decision.ok) {
      throw new ApiError(
        "rate_limited",
        `This deployment sends at most ${config.sending.ratePerMinute} messages a minute; try again shortly.`,
        {
          "Retry-After": String(decision.retryAfter),
        },
      );
    }
  }
  const plus = message.from.indexOf("+");
  const tag = plus >= 0 ? message.from.slice(plus + 1, message.from.indexOf("@")) || null : null;
  const { delivery, payload } = await buildDelivery(
    message.raw,
    { from: message.from, to: message.recipients.join(", "), tag },
    config.parser,
  );
  // Codes are what arrived mail carries; a sent message has none to wait for.
  delivery.codes = [];
  const outgoing: OutgoingMail = {
    delivery,
    payload: payload instanceof Uint8Array ? payload : new Uint8Array(await new Response(payload).arrayBuffer()),
    from: message.from,
    recipients: message.recipients,
  };
  try {
    return await mailbox.run("queueSend", outgoing);
  } catch (err) {
    if (err instanceof ApiError && err.code === "send_quota_exceeded") {
      const seconds = Math.max(1, Math.ceil((nextUtcMidnight(Date.now()) - Date.now()) / 1000));
      throw new ApiError(err.code, err.message, { "Retry-After": String(seconds) });
    }
    throw err;
  }
}

/** A message from fields (POST …/send, the MCP send tool): built with its own Message-ID, then queued. */
export async function sendComposed(
  env: Env,
  config: Config,
  mailbox: OwnedMailbox,
  composition: Composition,
  original: Original | null,
): Promise<SendResponse> {
  const domain = mailbox.address.slice(mailbox.address.indexOf("@") + 1);
  const sender = { address: mailbox.address, name: composition.fromName };
  const built = composeMessage(composition, sender, original, `<${crypto.randomUUID()}@${domain}>`);
  const recipients = checkRecipients([...built.to, ...composition.cc, ...composition.bcc], config);
  return queueOutgoing(env, config, mailbox, { raw: built.raw, from: mailbox.address, recipients });
}
