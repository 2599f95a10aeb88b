// One SMTP submission over the Workers socket API (`connect()`): EHLO, STARTTLS when offered,
// AUTH PLAIN/LOGIN, one envelope, the raw bytes dot-stuffed. Replies come back as values, so
// the courier can tell a temporary refusal (4xx, a dropped line) from a final one (5xx).
import { connect } from "cloudflare:sockets";

export interface SmtpRelay {
  host: string;
  port: number;
  /** implicit TLS (smtps://, usually 465); otherwise STARTTLS when the relay offers it */
  secure: boolean;
  user: string | null;
  pass: string | null;
}

/** What one submission came to. `temporary`: worth trying again later. */
export type SmtpOutcome = { ok: true; reply: string } | { ok: false; temporary: boolean; reply: string };

interface Reply {
  code: number;
  text: string;
}

/** smtp://user:pass@host:587 or smtps://user:pass@host:465; a string says what is wrong. */
export function parseSmtpUrl(value: string): SmtpRelay | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "SMTP_URL is not a URL (smtp://user:pass@host:587 or smtps://user:pass@host:465).";
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") return "SMTP_URL must start with smtp:// or smtps://.";
  const secure = url.protocol === "smtps:";
  if (!url.hostname) return "SMTP_URL names no host.";
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    user: url.username ? decodeURIComponent(url.username) : null,
    pass: url.password ? decodeURIComponent(url.password) : null,
  };
}

class ReplyError extends Error {
  constructor(
    readonly reply: Reply,
    readonly stage: string,
  ) {
    super(`${stage}: ${reply.code} ${reply.text}`);
  }
}

/** Passwords never travel in the clear, except to a relay on this machine (tests, a local bridge). */
function loopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

/** Lines of `bytes` that start with "." get one more (RFC 5321 §4.5.2); the data ends with CRLF.CRLF. */
export function dotStuff(bytes: Uint8Array): Uint8Array {
  let dots = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x2e && (i === 0 || bytes[i - 1] === 0x0a)) dots++;
  const endsWithLine = bytes.length >= 2 && bytes[bytes.length - 2] === 0x0d && bytes[bytes.length - 1] === 0x0a;
  const tail = endsWithLine ? [0x2e, 0x0d, 0x0a] : [0x0d, 0x0a, 0x2e, 0x0d, 0x0a];
  const out = new Uint8Array(bytes.length + dots + tail.length);
  let at = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x2e && (i === 0 || bytes[i - 1] === 0x0a)) out[at++] = 0x2e;
    out[at++] = bytes[i];
  }
  out.set(tail, at);
  return out;
}

/** Reads whole SMTP replies (multi-line "250-…" ending with "250 …") off a socket. */
class ReplyReader {
  private buffer = "";
  private readonly decoder = new TextDecoder();

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** Hands the stream back (before STARTTLS replaces it). */
  release(): void {
    this.reader.releaseLock();
  }

  async next(): Promise<Reply> {
    for (;;) {
      const reply = this.take();
      if (reply) return reply;
      const { value, done } = await this.reader.read();
      if (done) throw new Error("the relay closed the connection");
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  private take(): Reply | null {
    const lines: string[] = [];
    let at = 0;
    for (;;) {
      const end = this.buffer.indexOf("\n", at);
      if (end < 0) return null;
      const line = this.buffer.slice(at, end).replace(/\r$/, "");
      at = end + 1;
      lines.push(line.slice(4));
      if (!/^\d{3}-/.test(line)) {
        this.buffer = this.buffer.slice(at);
        const code = Number(line.slice(0, 3));
        return { code: Number.isInteger(code) ? code : 0, text: lines.join("\n").trim() };
      }
    }
  }
}

/** Submits `raw` for one recipient. Never throws: every failure is an outcome. */
export async function submitOverSmtp(
  relay: SmtpRelay,
  envelope: { from: string; to: string },
  raw: Uint8Array,
  opts: { timeoutMs: number; heloName: string },
): Promise<SmtpOutcome> {
  const deadline = Date.now() + opts.timeoutMs;
  let socket: Socket | null = null;
  let stage = "connect";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${opts.timeoutMs} ms`)), Math.max(1, deadline - Date.now()));
  });
  try {
    socket = connect(
      { hostname: relay.host, port: relay.port },
      { secureTransport: relay.secure ? "on" : "starttls", allowHalfOpen: false },
    );
    let writer = socket.writable.getWriter();
    let replies = new ReplyReader(socket.readable.getReader());
    const encoder = new TextEncoder();
    const expect = async (want: (code: number) => boolean, name: string): Promise<Reply> => {
      stage = name;
      const reply = await Promise.race([replies.next(), timedOut]);
      if (!want(reply.code)) throw new ReplyError(reply, name);
      return reply;
    };
    const command = async (line: string, want: (code: number) => boolean, name: string): Promise<Reply> => {
      stage = name;
      await Promise.race([writer.write(encoder.encode(`${line}\r\n`)), timedOut]);
      return expect(want, name);
    };
    const ok = (c: number) => c >= 200 && c < 300;

    await expect((c) => c === 220, "greeting");
    let ehlo = await command(`EHLO ${opts.heloName}`, ok, "EHLO");
    let encrypted = relay.secure;
    if (!relay.secure && /^STARTTLS\b/im.test(ehlo.text)) {
      await command("STARTTLS", (c) => c === 220, "STARTTLS");
      writer.releaseLock();
      replies.release();
      socket = socket.startTls();
      writer = socket.writable.getWriter();
      replies = new ReplyReader(socket.readable.getReader());
      ehlo = await command(`EHLO ${opts.heloName}`, ok, "EHLO after STARTTLS");
      encrypted = true;
    }
    if (relay.user !== null) {
      if (!encrypted && !loopback(relay.host)) {
        return { ok: false, temporary: true, reply: "the relay offers no TLS; the password is not sent in the clear" };
      }
      const mechanisms = /^AUTH[ =](.*)$/im.exec(ehlo.text)?.[1]?.toUpperCase().split(/\s+/) ?? [];
      if (mechanisms.includes("PLAIN") || !mechanisms.includes("LOGIN")) {
        await command(`AUTH PLAIN ${btoa(`\0${relay.user}\0${relay.pass ?? ""}`)}`, (c) => c === 235, "AUTH PLAIN");
      } else {
        await command("AUTH LOGIN", (c) => c === 334, "AUTH LOGIN");
        await command(btoa(relay.user), (c) => c === 334, "AUTH LOGIN");
        await command(btoa(relay.pass ?? ""), (c) => c === 235, "AUTH LOGIN");
      }
    }
    await command(`MAIL FROM:<${envelope.from}>`, ok, "MAIL FROM");
    await command(`RCPT TO:<${envelope.to}>`, ok, "RCPT TO");
    await command("DATA", (c) => c === 354, "DATA");
    stage = "message";
    await Promise.race([writer.write(dotStuff(raw)), timedOut]);
    const accepted = await expect(ok, "end of data");
    // The relay has the message: what follows is courtesy, and cannot undo it.
    writer.write(encoder.encode("QUIT\r\n")).catch(() => {});
    return { ok: true, reply: `${accepted.code} ${accepted.text}`.slice(0, 300) };
  } catch (err) {
    if (err instanceof ReplyError) {
      const { code, text } = err.reply;
      // The message itself was refused for good only by a 5xx to the envelope or the data.
      const aboutTheMessage = ["MAIL FROM", "RCPT TO", "DATA", "end of data"].includes(err.stage);
      return { ok: false, temporary: !(aboutTheMessage && code >= 500), reply: `${err.stage}: ${code} ${text}`.slice(0, 300) };
    }
    return { ok: false, temporary: true, reply: `${stage}: ${(err as Error)?.message ?? String(err)}`.slice(0, 300) };
  } finally {
    clearTimeout(timer);
    timedOut.catch(() => {});
    socket?.close().catch(() => {});
  }
}
