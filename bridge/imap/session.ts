// One IMAP session: its state (not authenticated, authenticated, selected),
// the command loop, and the commands outside a selected folder. Untagged news
// from the live feed is told at the points RFC 3501 allows, and at once while idling.
import type { SecureContext } from "node:tls";
import { type Pigeonhole, PigeonholeError } from "../../client/sdk/index.ts";
import { imapRefusal, isLoopback, signIn } from "../account.ts";
import type { BridgeLimits } from "../options.ts";
import { appendCopy } from "./append.ts";
import { tagOf } from "./command-reader.ts";
import { type Connection, ConnectionClosed } from "./connection.ts";
import { list, openFolder, status } from "./folder-commands.ts";
import { CharsetRefused } from "./search.ts";
import { expunge, fetch, type Selected, search, store } from "./selected.ts";
import { BadCommand, Unavailable } from "./sequence-set.ts";
import { attributeText, attributeUtf8, type ParsedAttribute, type ParsedCommand, parseCommand } from "./values.ts";

export interface SessionSettings {
  api: string;
  limits: BridgeLimits;
  tls: SecureContext | null;
  allowInsecureAuth: boolean;
}

/** Commands during which an EXPUNGE response would renumber what the client is reading (RFC 3501 §7.4.1). */
const NO_EXPUNGE_DURING = new Set(["FETCH", "STORE", "SEARCH"]);

export class ImapSession {
  private client: Pigeonhole | null = null;
  private selected: Selected | null = null;

  constructor(
    private readonly conn: Connection,
    private readonly settings: SessionSettings,
  ) {}

  private send = (data: string | Uint8Array) => this.conn.send(data);

  private get plainTextRefused(): boolean {
    return !this.conn.secure && !this.settings.allowInsecureAuth && !isLoopback(this.conn.remoteAddress);
  }

  private capabilities(): string {
    const caps = ["IMAP4rev1", "IDLE", "UIDPLUS", "ID", "NAMESPACE", "UNSELECT", "SPECIAL-USE", "ENABLE"];
    if (!this.client) {
      if (this.settings.tls && !this.conn.secure) caps.push("STARTTLS");
      caps.push(this.plainTextRefused ? "LOGINDISABLED" : "AUTH=PLAIN");
    }
    return caps.join(" ");
  }

  /** Serves the client until it logs out or goes away; never throws. */
  async run(): Promise<void> {
    const timeout = () => this.send("* BYE Idle for too long\r\n").finally(() => this.conn.close());
    try {
      await this.send(`* OK [CAPABILITY ${this.capabilities()}] Pigeonhole IMAP bridge ready\r\n`);
      for (;;) {
        this.conn.idleTimeout(this.client ? this.settings.limits.idleSeconds : this.settings.limits.loginSeconds, () => void timeout());
        const item = await this.conn.next();
        if (!item) break;
        if (item.kind === "fatal") {
          await this.send(`* BYE ${item.message}\r\n`);
          break;
        }
        if (item.kind === "refused") {
          await this.send(`${item.tag} BAD ${item.message}\r\n`);
          continue;
        }
        if (item.kind !== "command") continue;
        let command: ParsedCommand;
        try {
          command = parseCommand(item.bytes);
        } catch {
          await this.send(`${tagOf(item.bytes)} BAD Could not read that command.\r\n`);
          continue;
        }
        if (!(await this.handle(command, item.message ?? null))) break;
      }
    } catch (err) {
      if (!(err instanceof ConnectionClosed)) console.error("imap session:", err);
    } finally {
      this.unselect();
      this.conn.close();
    }
  }

  /** The selected folder's live feed stops and its cached mail is let go. */
  private unselect(): void {
    this.selected?.folder.close();
    this.selected?.cache.clear();
    this.selected = null;
  }

  /** One command (`message`: an APPEND's, framed apart), its news, its tagged answer. False once over. */
  private async handle(cmd: ParsedCommand, message: Uint8Array | null): Promise<boolean> {
    const name = cmd.command.toUpperCase();
    let answer: string;
    try {
      answer = await this.dispatch(name, cmd.attributes ?? [], cmd.tag, message);
    } catch (err) {
      if (err instanceof ConnectionClosed) throw err;
      if (err instanceof BadCommand) answer = `BAD ${err.message}`;
      else if (err instanceof CharsetRefused) answer = "NO [BADCHARSET (UTF-8 US-ASCII)] Only UTF-8 searches.";
      else if (err instanceof PigeonholeError && err.status === 401) {
        // Signed out everywhere, or the mailbox is gone: this session's credential is dead.
        await this.send(`* BYE ${err.message}\r\n${cmd.tag} NO [AUTHENTICATIONFAILED] Sign in again.\r\n`);
        return false;
      } else {
        if (!(err instanceof Unavailable)) console.error(`imap ${name}:`, err);
        answer = `NO [UNAVAILABLE] ${err instanceof Unavailable ? err.message : "The mail service did not answer; try again."}`;
      }
    }
    if (answer === "LOGOUT") {
      await this.send(`* BYE Logging out\r\n${cmd.tag} OK LOGOUT completed\r\n`);
      return false;
    }
    if (answer === "") return true; // answered already (STARTTLS, IDLE)
    await this.tellNews(!NO_EXPUNGE_DURING.has(name));
    await this.send(`${cmd.tag} ${answer}\r\n`);
    if (this.selected?.folder.ended) {
      await this.send(`* BYE ${this.selected.folder.endReason}\r\n`);
      return false;
    }
    return true;
  }

  private async tellNews(allowExpunge: boolean): Promise<void> {
    const lines = this.selected?.folder.flush(allowExpunge) ?? [];
    if (lines.length) await this.send(lines.map((l) => `${l}\r\n`).join(""));
  }

  private async dispatch(name: string, args: ParsedAttribute[], tag: string, message: Uint8Array | null): Promise<string> {
    switch (name) {
      case "CAPABILITY":
        await this.send(`* CAPABILITY ${this.capabilities()}\r\n`);
        return "OK CAPABILITY completed";
      case "NOOP":
      case "CHECK":
        return `OK ${name} completed`;
      case "LOGOUT":
        return "LOGOUT";
      case "ID":
        await this.send('* ID ("name" "Pigeonhole IMAP bridge")\r\n');
        return "OK ID completed";
    }
    if (!this.client) return this.unauthenticated(name, args, tag);
    switch (name) {
      case "SELECT":
      case "EXAMINE":
        return this.select(attributeText(args[0]), name === "EXAMINE");
      case "LIST":
      case "LSUB":
        return list(name, attributeText(args[0]), attributeText(args[1]), this.send);
      case "STATUS":
        return status(this.client, attributeText(args[0]), args[1], this.send);
      case "NAMESPACE":
        await this.send('* NAMESPACE (("" "/")) NIL NIL\r\n');
        return "OK NAMESPACE completed";
      case "ENABLE":
        await this.send("* ENABLED\r\n");
        return "OK Nothing to enable";
      case "SUBSCRIBE":
      case "UNSUBSCRIBE":
        return `OK ${name} completed`;
      case "CREATE":
      case "DELETE":
      case "RENAME":
        return "NO [CANNOT] This mailbox's folders are fixed; mail arrives by mail only.";
      case "APPEND":
        return appendCopy(this.client, args, message);
      case "IDLE":
        return this.idle(tag);
    }
    const s = this.selected;
    if (!s)
      return name.startsWith("UID ") || ["FETCH", "STORE", "SEARCH", "EXPUNGE", "CLOSE", "UNSELECT", "COPY", "MOVE"].includes(name)
        ? "BAD Select a folder first."
        : `BAD Unknown command ${name.slice(0, 30)}.`;
    switch (name) {
      case "FETCH":
      case "UID FETCH":
        return fetch(s, args, name === "UID FETCH");
      case "STORE":
      case "UID STORE":
        return store(s, args, name === "UID STORE");
      case "SEARCH":
      case "UID SEARCH":
        return search(s, args, name === "UID SEARCH");
      case "EXPUNGE":
        return expunge(s, undefined, false);
      case "UID EXPUNGE":
        return expunge(s, args[0] ?? null, false);
      case "CLOSE":
      case "UNSELECT": {
        const answer = name === "CLOSE" ? await expunge(s, undefined, true) : "OK UNSELECT completed";
        this.unselect();
        return answer;
      }
      case "COPY":
      case "MOVE":
      case "UID COPY":
      case "UID MOVE":
        return "NO [CANNOT] Mail cannot be copied or moved between this mailbox's folders.";
    }
    return `BAD Unknown command ${name.slice(0, 30)}.`;
  }

  private async unauthenticated(name: string, args: ParsedAttribute[], tag: string): Promise<string> {
    if (name === "STARTTLS") {
      if (!this.settings.tls || this.conn.secure) return "BAD TLS is not offered here, or already on.";
      await this.send(`${tag} OK Begin TLS now\r\n`);
      this.conn.startTls(this.settings.tls);
      return "";
    }
    if (name !== "LOGIN" && !name.startsWith("AUTHENTICATE")) return "BAD Log in first.";
    if (this.plainTextRefused) return "NO [PRIVACYREQUIRED] Use TLS (STARTTLS or the TLS port) to send a password.";
    let user: string;
    let secret: string;
    if (name === "LOGIN") {
      user = attributeUtf8(args[0]);
      secret = attributeUtf8(args[1]);
    } else {
      const plain = await this.plainResponse(name, args);
      if (plain === "mechanism") return "NO Only AUTHENTICATE PLAIN is offered."; // RFC 3501 §6.2.2
      if (plain === null) return "BAD AUTHENTICATE cancelled or malformed.";
      // Asking to act as another identity than the one signing in is refused (RFC 4616 §2).
      if (plain[0] !== "" && plain[0].toLowerCase() !== plain[1].toLowerCase()) return "NO [AUTHORIZATIONFAILED] Sign in as yourself.";
      [, user, secret] = plain;
    }
    const result = await signIn(this.settings.api, user, secret);
    if (!result.ok) return `NO ${imapRefusal(result)}`;
    this.client = result.client;
    this.conn.allowAppend();
    return `OK [CAPABILITY ${this.capabilities()}] Logged in as ${result.address}`;
  }

  /** SASL PLAIN's (RFC 4616) [authorization identity, user, password]; null when cancelled or malformed. */
  private async plainResponse(name: string, args: ParsedAttribute[]): Promise<[string, string, string] | "mechanism" | null> {
    const words = [...name.split(" ").slice(1), ...args.map((a) => (a && !Array.isArray(a) ? a.value : ""))];
    if (!words[0]) throw new BadCommand("AUTHENTICATE names a mechanism.");
    if (words[0].toUpperCase() !== "PLAIN") return "mechanism";
    let response = words[1];
    if (response === undefined) {
      await this.send("+ \r\n");
      const line = await this.conn.next();
      if (line?.kind !== "command") return null;
      response = Buffer.from(line.bytes).toString("latin1").trim();
    }
    if (response === "*") return null;
    const parts = Buffer.from(response === "=" ? "" : response, "base64")
      .toString("utf8")
      .split("\0");
    return parts.length === 3 ? [parts[0], parts[1], parts[2]] : null;
  }

  private async select(name: string, readOnly: boolean): Promise<string> {
    this.unselect();
    if (!this.client) return "BAD Log in first.";
    const opened = await openFolder(
      this.client,
      name,
      readOnly,
      { session: this.settings.limits.sessionCacheBytes, shared: this.settings.limits.cacheBytes },
      this.send,
    );
    this.selected = opened.selected;
    return opened.answer;
  }

  /** RFC 2177: news is told the moment the live feed brings it, until the client says DONE. */
  private async idle(tag: string): Promise<string> {
    await this.send("+ idling\r\n");
    const folder = this.selected?.folder;
    let telling = Promise.resolve();
    const tell = () => {
      telling = telling
        .then(async () => {
          await this.tellNews(true);
          // The mailbox ended: no DONE will make it come back.
          if (folder?.ended) {
            await this.send(`* BYE ${folder.endReason}\r\n`);
            this.conn.close();
          }
        })
        .catch(() => this.conn.close());
    };
    if (folder) folder.onChange = tell;
    tell();
    const line = await this.conn.next();
    if (folder) folder.onChange = null;
    await telling;
    if (!line) throw new ConnectionClosed();
    const done = line.kind === "command" && Buffer.from(line.bytes).toString("latin1").trim().toUpperCase() === "DONE";
    await this.send(`${tag} ${done ? "OK IDLE terminated" : "BAD Expected DONE"}\r\n`);
    if (folder?.ended) {
      await this.send(`* BYE ${folder.endReason}\r\n`);
      this.conn.close();
    }
    return "";
  }
}
