// One submission to Cloudflare Email Service through the `send_email` binding: the raw
// MIME as an EmailMessage, one recipient per message (as the binding's local simulation
// also requires), and the Message-ID the service reports.
import { EmailMessage } from "cloudflare:email";
import { dead, errorText, retry, type Verdict } from "./courier";

/** Error codes that mean this message will never be taken as it is (sender, recipient, content). */
const FINAL_CODE = /^E_(SENDER|RECIPIENT|VALIDATION|FIELD|HEADER|CONTENT|INVALID|TOO_|MESSAGE|ATTACHMENT)/;
/** The local simulation throws plain errors; these say the message itself is refused. */
const FINAL_TEXT = /not allowed|could not parse|does not match|invalid message-id|invalid headers/i;

export async function submitToBinding(
  binding: SendEmail | undefined,
  envelope: { from: string; to: string },
  raw: Uint8Array,
): Promise<Verdict> {
  if (!binding) return retry("SEND_TRANSPORT is binding but the EMAIL binding is missing ([[send_email]] in wrangler.toml)");
  try {
    const body = new Response(raw as Uint8Array<ArrayBuffer>).body as ReadableStream;
    const result = await binding.send(new EmailMessage(envelope.from, envelope.to, body));
    return { kind: "sent", receipt: result?.messageId ?? undefined };
  } catch (err) {
    const code = String((err as { code?: unknown })?.code ?? "");
    const why = `${code ? `${code}: ` : ""}${errorText(err)}`;
    if (FINAL_CODE.test(code) || (!code && FINAL_TEXT.test(why))) return dead(why);
    return retry(why);
  }
}
