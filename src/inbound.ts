// Inbound mail: Email Routing calls `email()` with each message. We check the
// recipient and size, parse here in the Worker (CPU scales out here, not in
// the object), and hand the result to the one Mailbox that owns the address.

import { normaliseRecipient } from "./address";
import { currentBlocklist } from "./blocklist";
import { concatBytes, sha256Hex } from "./bytes";
import { type Config, readConfig } from "./contract/config";
import type { Delivery, DeliveryPayload } from "./contract/delivery";
import { NO_AUTH } from "./contract/delivery-log";
import type { ParsedMail } from "./contract/parsed-mail";
import type { AttachmentInfo, ForwardAttempt } from "./contract/wire";
import type { Env } from "./env";
import { judgeSender, logTurnedAway } from "./inbound-screening";
import { findCodes } from "./mail/codes";
import { htmlText } from "./mail/html-text";
import { parseMail } from "./mail/parse";

/** Payloads above this travel to the object as a stream, below the RPC message limit. */
const INLINE_PAYLOAD_BYTES = 8 * 1024 * 1024;

/**
 * Reads the whole message in one native read: pulling the stream chunk by
 * chunk from JS took ~20% of the Worker's CPU per mail in a local profile,
 * this ~10%. `rawSize` was checked against the limit before, and the platform
 * caps mail at 25 MiB, so the buffer is bounded.
 */
export async function readRaw(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | null> {
  const raw = new Uint8Array(await new Response(stream).arrayBuffer());
  return raw.byteLength > limit ? null : raw;
}

const SNIPPET = 200;

function snippetOf(mail: ParsedMail | null): string {
  // 20x the snippet: enough text after collapsing blank lines and empty table cells
  const body = (mail?.text ?? (mail?.html ? htmlText(mail.html, SNIPPET * 20).text : "")).slice(0, 64 * 1024);
  return body.replace(/\s+/g, " ").trim().slice(0, SNIPPET);
}

/** Every address the mail names for its sender and recipients: their digits are not codes. */
function mailAddresses(mail: ParsedMail, envelope: { from: string; to: string }): string[] {
  const named = [mail.from, mail.sender, ...mail.to, ...mail.cc, ...mail.replyTo].map((a) => a?.address ?? "");
  return [envelope.from, envelope.to, ...named].filter(Boolean);
}

/** Builds the Delivery record and its byte payload (raw, then each attachment). */
export async function buildDelivery(
  raw: Uint8Array,
  envelope: { from: string; to: string; tag: string | null },
  limits?: Config["parser"],
): Promise<{ delivery: Delivery; payload: DeliveryPayload }> {
  const parsed = await parseMail(raw, limits);
  const mail = parsed.mail;
  const attachments: AttachmentInfo[] = [];
  const parts: Uint8Array[] = [raw];
  for (const [index, a] of (mail?.attachments ?? []).entries()) {
    attachments.push({
      index,
      filename: a.filename,
      contentType: a.contentType,
      size: a.content.byteLength,
      contentId: a.contentId,
      disposition: a.disposition,
      sha256: await sha256Hex(a.content),
    });
    parts.push(a.content);
  }
  const delivery: Delivery = {
    envelopeFrom: envelope.from,
    envelopeTo: envelope.to,
    tag: envelope.tag,
    receivedAt: Date.now(),
    size: raw.byteLength,
    messageId: mail?.messageId ?? null,
    subject: mail?.subject ?? null,
    from: mail?.from ?? null,
    to: mail?.to ?? [],
    cc: mail?.cc ?? [],
    replyTo: mail?.replyTo ?? [],
    date: mail?.date ?? null,
    snippet: snippetOf(mail),
    text: mail?.text ?? null,
    html: mail?.html ?? null,
    attachments,
    codes: mail ? findCodes({ subject: mail.subject, text: mail.text, html: mail.html, addresses: mailAddresses(mail, envelope) }) : [],
    parseError: parsed.error,
    parser: mail?.parser ?? null,
    warnings: mail?.warnings ?? [],
    auth: { ...NO_AUTH },
    junk: null,
  };
  return { delivery, payload: pack(parts) };
}

function pack(parts: Uint8Array[]): DeliveryPayload {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  if (total <= INLINE_PAYLOAD_BYTES) return concatBytes(parts);
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < parts.length) controller.enqueue(parts[i++]);
      else controller.close();
    },
  });
}

/** The Worker's `email()` handler: recipient, sender and size checked once, parsed here, stored by the one Mailbox. */
export async function handleEmail(message: ForwardableEmailMessage, env: Env, ctx?: ExecutionContext): Promise<void> {
  const config = readConfig(env);
  const rcpt = normaliseRecipient(message.to, config);
  if (!rcpt) {
    message.setReject("No such address.");
    return;
  }
  // The isolate's copy of the blocklist: no directory read per mail.
  if ((await currentBlocklist(env, ctx)).senders.matches(message.from)) {
    const refusal = "Mail from this sender is not accepted here.";
    message.setReject(refusal);
    return logTurnedAway(env, rcpt.address, {
      envelopeFrom: message.from,
      size: message.rawSize,
      reason: "blocked_by_deployment",
      detail: refusal,
    });
  }
  const tooLarge = `Message exceeds the ${config.maxMessageBytes}-byte limit.`;
  const tooLargeLogged = { envelopeFrom: message.from, size: message.rawSize, reason: "too_large", detail: tooLarge } as const;
  if (message.rawSize > config.maxMessageBytes) {
    message.setReject(tooLarge);
    return logTurnedAway(env, rcpt.address, tooLargeLogged);
  }
  const raw = await readRaw(message.raw, config.maxMessageBytes);
  if (!raw) {
    message.setReject(tooLarge);
    return logTurnedAway(env, rcpt.address, tooLargeLogged);
  }
  const envelope = { from: message.from, to: rcpt.address, tag: rcpt.tag };
  const { delivery, payload } = await buildDelivery(raw, envelope, config.parser);
  judgeSender(delivery, raw, config.inbound);
  const mailbox = env.MAILBOX.getByName(rcpt.address);
  const result = await mailbox.deliver(delivery, payload);
  if (!result.ok) {
    message.setReject(result.message);
    return;
  }
  if (result.forwardTo.length > 0)
    await forwardStored(message, result.forwardTo, (attempts) => mailbox.recordForwards(result.id, attempts));
}

/**
 * The mailbox's forwarding rules, carried out after the mail is stored. The one effect that
 * cannot go through the outbox: the platform allows forward() only here, inside email(). A
 * failure is recorded on the message and never undoes the delivery.
 */
async function forwardStored(
  message: ForwardableEmailMessage,
  destinations: string[],
  record: (attempts: ForwardAttempt[]) => Promise<void>,
): Promise<void> {
  const attempts: ForwardAttempt[] = [];
  for (const to of destinations) {
    try {
      await message.forward(to);
      attempts.push({ to, ok: true, error: null });
    } catch (err) {
      attempts.push({ to, ok: false, error: String((err as Error)?.message ?? err).slice(0, 300) });
    }
  }
  await record(attempts).catch((err) => console.error("could not record forwards", err));
}
