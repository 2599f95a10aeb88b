// Splits the bytes a client sends into whole IMAP commands: lines, and the
// literals announced at a line's end ({n} waits for our "+", {n+} does not).
// The grammar of a command is emailjs-imap-handler's; this only frames it, and
// holds the limits on line, literal and command size.

export type Framed =
  /**
   * a whole command, literals included, without its final CRLF: what the parser takes; an APPEND's
   * message comes apart as `message`, its place in `bytes` an empty literal, so the parser never reads it
   */
  | { kind: "command"; bytes: Uint8Array; message?: Uint8Array }
  /** the client waits for "+" before sending a literal */
  | { kind: "continue" }
  /** a synchronising literal over the limit: the client was not asked for it, so the connection can go on */
  | { kind: "refused"; tag: string; message: string }
  /** nothing sensible can follow: say BYE and close */
  | { kind: "fatal"; message: string };

export interface FrameLimits {
  maxLineBytes: number;
  maxLiteralBytes: number;
  maxCommandBytes: number;
  /** the message an APPEND carries, once the client is signed in (the mail a client may submit) */
  maxAppendBytes: number;
}

const LITERAL_AT_END = /\{(\d{1,12})(\+?)\}$/;
/** A command's first line naming APPEND: one of its literals is a whole message. */
const APPEND_LINE = /^[^\s]+ APPEND /i;
/** Where an APPEND's folder name would be sent as a literal, not its message. */
const APPEND_FOLDER_AT = /^[^\s]+ APPEND $/i;

export class CommandReader {
  private buffer: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private commandBytes = 0;
  private literalLeft = 0;
  /** whether this command is an APPEND (from a signed-in client) */
  private appending = false;
  /** an APPEND's message, framed apart from the command (null until its literal comes) */
  private message: Buffer[] | null = null;
  private dead = false;
  /** Set once the client has signed in: before that, no command may carry a message's worth of bytes. */
  appendAllowed = false;

  constructor(private readonly limits: FrameLimits) {}

  /** This command's size limit: larger once it carries (or is about to take) an APPEND's message. */
  private commandMax(appendLiteral = false): number {
    return this.limits.maxCommandBytes + (appendLiteral || this.message ? this.limits.maxAppendBytes : 0);
  }

  /** Everything after a STARTTLS command was sent in plain text: it must not count. */
  discardBuffered(): void {
    this.buffer = Buffer.alloc(0);
  }

  push(chunk: Buffer): Framed[] {
    if (this.dead) return [];
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const out: Framed[] = [];
    for (;;) {
      if (this.literalLeft > 0) {
        if (this.buffer.length === 0) break;
        const take = Math.min(this.literalLeft, this.buffer.length);
        (this.message ?? this.parts).push(this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        this.literalLeft -= take;
        continue;
      }
      const lf = this.buffer.indexOf(0x0a);
      if (lf < 0) {
        if (this.buffer.length > this.limits.maxLineBytes) return this.fail(out, "Line too long.");
        break;
      }
      if (lf + 1 > this.limits.maxLineBytes) return this.fail(out, "Line too long.");
      const line = this.buffer.subarray(0, lf + 1);
      this.buffer = this.buffer.subarray(lf + 1);
      const content = line.subarray(0, line.length - (line[line.length - 2] === 0x0d ? 2 : 1));
      this.commandBytes += line.length;
      if (this.commandBytes > this.commandMax()) return this.fail(out, "Command too long.");
      const literal = LITERAL_AT_END.exec(content.subarray(Math.max(0, content.length - 20)).toString("latin1"));
      if (!literal) {
        this.parts.push(content);
        const bytes = new Uint8Array(Buffer.concat(this.parts));
        out.push(
          this.message ? { kind: "command", bytes, message: new Uint8Array(Buffer.concat(this.message)) } : { kind: "command", bytes },
        );
        this.reset();
        continue;
      }
      const size = Number(literal[1]);
      const waits = literal[2] !== "+";
      const before = content.subarray(0, content.length - literal[0].length);
      if (this.parts.length === 0) this.appending = this.appendAllowed && APPEND_LINE.test(before.subarray(0, 200).toString("latin1"));
      // its one message (MULTIAPPEND is not offered), not a folder name sent as a literal
      const append =
        this.appending && this.message === null && !(this.parts.length === 0 && APPEND_FOLDER_AT.test(before.toString("latin1")));
      const maxLiteral = append ? this.limits.maxAppendBytes : this.limits.maxLiteralBytes;
      if (size > maxLiteral || this.commandBytes + size > this.commandMax(append)) {
        const message = `Literal too large: at most ${maxLiteral} bytes.`;
        if (!waits) return this.fail(out, message);
        out.push({ kind: "refused", tag: tagOf(this.parts[0] ?? content), message });
        this.reset();
        continue;
      }
      if (append) {
        // The message is kept apart; the parser is given an empty literal in its place.
        this.parts.push(before, Buffer.from("{0}\r\n"));
        this.message = [];
      } else {
        // The parser wants the literal's marker, the CRLF after it, then its bytes.
        this.parts.push(content, Buffer.from("\r\n"));
      }
      this.literalLeft = size;
      this.commandBytes += size;
      if (waits) out.push({ kind: "continue" });
    }
    return out;
  }

  private reset(): void {
    this.parts = [];
    this.commandBytes = 0;
    this.literalLeft = 0;
    this.appending = false;
    this.message = null;
  }

  private fail(out: Framed[], message: string): Framed[] {
    this.dead = true;
    this.buffer = Buffer.alloc(0);
    this.reset();
    out.push({ kind: "fatal", message });
    return out;
  }
}

/** The tag a command line starts with, or "*" when there is none to be read. */
export function tagOf(line: Uint8Array): string {
  const text = Buffer.from(line.subarray(0, 64)).toString("latin1");
  const tag = /^([^\s(){%*"\\\]]+)/.exec(text)?.[1];
  return tag ?? "*";
}
