// SMTP submission (RFC 6409) for mail clients: AUTH PLAIN/LOGIN as for IMAP,
// MAIL FROM the signed-in address (or a +tag of it), and DATA handed to the
// deployment's raw send path, so its quotas, outbox and Sent folder apply.
import type { Server } from "node:net";
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { type Pigeonhole, PigeonholeError } from "../../client/sdk/index.ts";
import { isLoopback, signIn } from "../account.ts";
import type { BridgeLimits } from "../options.ts";

export interface SubmissionSettings {
  api: string;
  limits: BridgeLimits;
  pem: { cert: Buffer; key: Buffer } | null;
  allowInsecureAuth: boolean;
}

interface Signed {
  address: string;
  client: Pigeonhole;
}

/** An SMTP reply with its code. */
function reply(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** `name+tag@domain` is `name@domain`'s to send as. */
function baseAddress(address: string): string {
  const [local, domain] = address.toLowerCase().split("@");
  return `${local.split("+")[0]}@${domain}`;
}

function submissionServer(settings: SubmissionSettings, secure: boolean): SMTPServer {
  const { limits, pem } = settings;
  return new SMTPServer({
    secure,
    ...(pem ? { key: pem.key, cert: pem.cert } : {}),
    name: "pigeonhole-bridge",
    banner: "Pigeonhole SMTP submission",
    size: limits.maxMessageBytes,
    authMethods: ["PLAIN", "LOGIN"],
    // Addresses are ASCII here (the service refuses others): do not promise SMTPUTF8.
    hideSMTPUTF8: true,
    // Checked per connection below: plain text is fine from loopback, or with TLS.
    allowInsecureAuth: true,
    disabledCommands: pem ? [] : ["STARTTLS"],
    maxClients: limits.maxSessions,
    socketTimeout: limits.idleSeconds * 1000,
    logger: false,
    // A reverse lookup of every client would only slow the greeting.
    disableReverseLookup: true,
    onAuth(auth: SMTPServerAuthentication, session: SMTPServerSession, done) {
      if (!session.secure && !settings.allowInsecureAuth && !isLoopback(session.remoteAddress)) {
        return done(reply(538, "Encryption required: use STARTTLS or the TLS port to send a password."));
      }
      signIn(settings.api, auth.username ?? "", auth.password ?? "").then(
        (result) => {
          if (result.ok) return done(null, { user: { address: result.address, client: result.client } satisfies Signed });
          done(
            reply(
              result.reason === "invalid" ? 535 : 454,
              result.reason === "invalid" ? "5.7.8 Wrong address or password." : `4.7.0 ${result.message}`,
            ),
          );
        },
        () => done(reply(454, "4.7.0 The mail service cannot be reached; try again shortly.")),
      );
    },
    onMailFrom(from, session, done) {
      const user = session.user as Signed | undefined;
      if (!user) return done(reply(530, "5.7.0 Authentication required."));
      if (baseAddress(from.address) !== user.address) return done(reply(553, `5.7.1 Send as ${user.address} (or a +tag of it).`));
      done();
    },
    onRcptTo(_to, session, done) {
      // Said at RCPT, where the client can send the rest in another mail (RFC 5321 §4.5.3.1.10), not after DATA.
      if (session.envelope.rcptTo.length >= limits.maxRecipients) {
        return done(reply(452, `4.5.3 At most ${limits.maxRecipients} recipients per mail.`));
      }
      done();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (stream.sizeExceeded) return done(reply(552, `5.3.4 Larger than ${limits.maxMessageBytes} bytes.`));
        const user = session.user as Signed;
        // The envelope names every recipient (Bcc ones too); the service strips Bcc from the header.
        const rcpt = session.envelope.rcptTo.map((r) => r.address);
        user.client.sendRaw(Buffer.concat(chunks), rcpt).then(
          (sent) => done(null, `2.0.0 Queued as ${sent.id} ${sent.messageId}`),
          (err) => done(refusal(err)),
        );
      });
    },
  });
}

function refusal(err: unknown): Error {
  if (!(err instanceof PigeonholeError)) return reply(451, "4.3.0 The mail service did not answer; try again.");
  if (err.status === 429) return reply(452, `4.5.3 ${err.message}`);
  if (err.status === 413) return reply(552, `5.3.4 ${err.message}`);
  if (err.status === 400) return reply(554, `5.6.0 ${err.message}`);
  if (err.status === 401 || err.status === 403) return reply(535, "5.7.8 Sign in again.");
  if (err.status === 503) return reply(451, `4.3.2 ${err.message}`);
  return reply(451, `4.3.0 ${err.message}`);
}

export interface SmtpListeners {
  plain: Server;
  tls: Server | null;
}

export function smtpServers(settings: SubmissionSettings): SmtpListeners {
  const plain = submissionServer(settings, false);
  const tls = settings.pem ? submissionServer(settings, true) : null;
  return { plain: plain.server, tls: tls?.server ?? null };
}
