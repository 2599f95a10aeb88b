// Sending from an address: a message from fields (POST …/send, with reply and forward) or a
// whole RFC 822 message (POST …/send/raw). Both answer 202 once it is stored and queued.
import { normaliseRecipient } from "../address";
import { readConfig } from "../contract/config";
import { ApiError } from "../http/errors";
import { readBounded, readJsonObject } from "../http/request";
import type { Router } from "../http/router";
import type { Original } from "../mail/compose";
import { parseMail } from "../mail/parse";
import { checkRecipients, isMailAddress, readComposition } from "../mail/send-request";
import { prepareSubmission } from "../mail/submitted";
import { mailboxFor } from "../principal";
import { queueOutgoing, refuseWhenOff, sendComposed } from "../sending";

export function sendingRoutes(router: Router): void {
  router.post("/api/v1/mailboxes/:address/send", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const config = readConfig(env);
    refuseWhenOff(config);
    const composition = readComposition(await readJsonObject(req, config.sending.maxBytes), config);
    let original: Original | null = null;
    const ref = composition.replyTo ?? composition.forward;
    if (ref !== null) {
      const raw = await mailbox.run("raw", ref);
      const parsed = await parseMail(raw, config.parser);
      if (!parsed.mail) throw new ApiError("bad_request", `Message ${ref} could not be parsed, so it cannot be answered or forwarded.`);
      original = { kind: composition.replyTo !== null ? "reply" : "forward", raw, mail: parsed.mail };
    }
    return Response.json(await sendComposed(env, config, mailbox, composition, original), { status: 202 });
  });

  router.post("/api/v1/mailboxes/:address/send/raw", async (req, env) => {
    const mailbox = await mailboxFor(req, env);
    const config = readConfig(env);
    refuseWhenOff(config);
    const input = await readBounded(req, config.sending.maxBytes);
    const domain = mailbox.address.slice(mailbox.address.indexOf("@") + 1);
    const prepared = prepareSubmission(input, domain, new Date());
    if (!prepared) throw new ApiError("bad_request", "The body is not an RFC 822 message (header fields, a blank line, the body).");
    // Recipients come from the message as submitted: Bcc is read here, then it is gone.
    const parsed = await parseMail(input, config.parser);
    if (!parsed.mail) throw new ApiError("bad_request", "The message could not be parsed.");
    // One From naming one mailbox, and any Sender the same: a second author would go out under our name.
    const { raw, authors } = prepared;
    const from = authors.from.length === 1 && authors.from[0].length === 1 ? authors.from[0][0] : "";
    const ours = (a: string) => normaliseRecipient(a, config)?.address === mailbox.address;
    if (!ours(from) || authors.sender.length > 1 || !authors.sender.every((s) => s.length === 1 && ours(s[0]))) {
      throw new ApiError(
        "bad_request",
        `The message needs one From field naming only ${mailbox.address} or a +tag of it (and a Sender field, if any, the same).`,
      );
    }
    const rcpt = new URL(req.url).searchParams.getAll("rcpt").flatMap((r) => r.split(","));
    const named =
      rcpt.length > 0 ? rcpt.map((r) => r.trim()) : [...parsed.mail.to, ...parsed.mail.cc, ...parsed.mail.bcc].map((a) => a.address);
    for (const address of named) {
      if (!isMailAddress(address)) throw new ApiError("bad_request", `Not a valid recipient: '${address.slice(0, 254)}'.`);
    }
    const recipients = checkRecipients(named, config);
    const queued = await queueOutgoing(env, config, mailbox, { raw, from, recipients });
    return Response.json(queued, { status: 202 });
  });
}
