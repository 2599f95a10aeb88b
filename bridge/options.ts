// The bridge's command line (`npm run bridge -- --flag value`) and its limits, all explicit.
import { parseArgs } from "node:util";

export interface BridgeOptions {
  /** the deployment's public base URL */
  api: string;
  host: string;
  imapPort: number;
  /** implicit-TLS IMAP; only with a certificate */
  imapsPort: number;
  smtpPort: number;
  /** implicit-TLS SMTP submission; only with a certificate */
  smtpsPort: number;
  tls: { cert: string; key: string } | null;
  /** let credentials travel in plain text from other hosts than loopback (without TLS) */
  allowInsecureAuth: boolean;
  limits: BridgeLimits;
}

export interface BridgeLimits {
  /** IMAP sessions open at once, across all addresses */
  maxSessions: number;
  /** one literal in an IMAP command (an APPEND's message may be up to maxMessageBytes, once signed in) */
  maxLiteralBytes: number;
  /** one IMAP command line, literals included */
  maxCommandBytes: number;
  /** raw mail a session keeps in memory for FETCH and SEARCH */
  sessionCacheBytes: number;
  /** raw mail all sessions together keep in memory */
  cacheBytes: number;
  /** a session that says nothing for this long is logged out (RFC 3501: at least 30 minutes) */
  idleSeconds: number;
  /** before login */
  loginSeconds: number;
  /** one submitted mail (announced in EHLO as SIZE), and the copy of one an IMAP APPEND carries */
  maxMessageBytes: number;
  /** recipients of one submitted mail; more are refused at RCPT (452), as RFC 5321 asks */
  maxRecipients: number;
}

export const DEFAULT_LIMITS: BridgeLimits = {
  maxSessions: 1000,
  maxLiteralBytes: 64 * 1024,
  maxCommandBytes: 256 * 1024,
  sessionCacheBytes: 32 * 1024 * 1024,
  cacheBytes: 256 * 1024 * 1024,
  idleSeconds: 31 * 60,
  loginSeconds: 60,
  // The service's own defaults (MAX_SEND_BYTES, SEND_MAX_RECIPIENTS): a client that trusts SIZE
  // is never let upload a mail the service then refuses.
  maxMessageBytes: 5 * 1024 * 1024,
  maxRecipients: 50,
};

export const USAGE = `npm run bridge -- [options]
  --api URL              the deployment (default http://127.0.0.1:8787)
  --host HOST            where to listen (default 127.0.0.1)
  --imap-port N          IMAP (default 1143; STARTTLS with a certificate)
  --smtp-port N          SMTP submission (default 1587; STARTTLS with a certificate)
  --tls-cert FILE --tls-key FILE   PEM files: enable STARTTLS and the implicit-TLS ports
  --imaps-port N         implicit-TLS IMAP (default 1993, only with a certificate)
  --smtps-port N         implicit-TLS SMTP submission (default 1465, only with a certificate)
  --allow-insecure-auth  accept passwords over plain text from hosts other than loopback
  --max-sessions N       IMAP sessions at once (default 1000)
  --max-message-bytes N  largest submitted mail (default 5242880, the service's MAX_SEND_BYTES)
  --max-recipients N     recipients of one submitted mail (default 50, the service's SEND_MAX_RECIPIENTS)`;

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${name} must be a port number (0 picks a free one).`);
  return n;
}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer.`);
  return n;
}

/** Reads the flags; certificate files are read by the caller. Throws with a message on a bad flag. */
export function parseOptions(argv: string[]): BridgeOptions & { help: boolean; tlsFiles: { cert: string; key: string } | null } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      api: { type: "string" },
      host: { type: "string" },
      "imap-port": { type: "string" },
      "imaps-port": { type: "string" },
      "smtp-port": { type: "string" },
      "smtps-port": { type: "string" },
      "tls-cert": { type: "string" },
      "tls-key": { type: "string" },
      "allow-insecure-auth": { type: "boolean" },
      "max-sessions": { type: "string" },
      "max-message-bytes": { type: "string" },
      "max-recipients": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (Boolean(values["tls-cert"]) !== Boolean(values["tls-key"])) throw new Error("--tls-cert and --tls-key go together.");
  const api = values.api ?? "http://127.0.0.1:8787";
  if (!/^https?:\/\//.test(api)) throw new Error("--api must be an http(s) URL.");
  return {
    help: values.help ?? false,
    api: api.replace(/\/+$/, ""),
    host: values.host ?? "127.0.0.1",
    imapPort: port(values["imap-port"], 1143, "imap-port"),
    imapsPort: port(values["imaps-port"], 1993, "imaps-port"),
    smtpPort: port(values["smtp-port"], 1587, "smtp-port"),
    smtpsPort: port(values["smtps-port"], 1465, "smtps-port"),
    tls: null,
    tlsFiles: values["tls-cert"] && values["tls-key"] ? { cert: values["tls-cert"], key: values["tls-key"] } : null,
    allowInsecureAuth: values["allow-insecure-auth"] ?? false,
    limits: {
      ...DEFAULT_LIMITS,
      maxSessions: positive(values["max-sessions"], DEFAULT_LIMITS.maxSessions, "max-sessions"),
      maxMessageBytes: positive(values["max-message-bytes"], DEFAULT_LIMITS.maxMessageBytes, "max-message-bytes"),
      maxRecipients: positive(values["max-recipients"], DEFAULT_LIMITS.maxRecipients, "max-recipients"),
    },
  };
}
