// One client's TCP (or TLS) connection: framed commands in, bytes out with
// back-pressure, STARTTLS in place. A client that goes away mid-response
// ends only its own session.
import type { Socket } from "node:net";
import { type SecureContext, TLSSocket } from "node:tls";
import { CommandReader, type Framed, type FrameLimits } from "./command-reader.ts";

export class ConnectionClosed extends Error {
  constructor() {
    super("connection closed");
    this.name = "ConnectionClosed";
  }
}

export class Connection {
  private socket: Socket;
  private readonly reader: CommandReader;
  private readonly queue: Framed[] = [];
  private waiting: ((item: Framed | null) => void) | null = null;
  private closed = false;
  secure: boolean;
  readonly remoteAddress: string | undefined;

  constructor(socket: Socket, limits: FrameLimits, secure: boolean) {
    this.socket = socket;
    this.secure = secure;
    this.remoteAddress = socket.remoteAddress;
    this.reader = new CommandReader(limits);
    this.attach(socket);
  }

  private attach(socket: Socket): void {
    socket.on("data", (chunk: Buffer) => {
      for (const item of this.reader.push(chunk)) {
        if (item.kind === "continue") this.write("+ Ready for the literal\r\n");
        else this.deliver(item);
      }
    });
    socket.on("error", () => this.markClosed());
    socket.on("close", () => this.markClosed());
    socket.on("end", () => this.markClosed());
  }

  private deliver(item: Framed): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve(item);
    } else this.queue.push(item);
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.waiting?.(null);
    this.waiting = null;
  }

  /** The client has signed in: from now on an APPEND may carry a whole message. */
  allowAppend(): void {
    this.reader.appendAllowed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The next framed item, or null once the client is gone. */
  next(): Promise<Framed | null> {
    const item = this.queue.shift();
    if (item) return Promise.resolve(item);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  /** Writes; resolves once the kernel took it (waits out a slow reader). Throws ConnectionClosed when the client left. */
  async send(data: string | Uint8Array): Promise<void> {
    if (this.closed) throw new ConnectionClosed();
    if (this.write(data)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.socket.off("drain", done);
        this.socket.off("close", done);
        resolve();
      };
      this.socket.on("drain", done);
      this.socket.on("close", done);
    });
    if (this.closed) throw new ConnectionClosed();
  }

  private write(data: string | Uint8Array): boolean {
    if (this.closed) return true;
    return this.socket.write(typeof data === "string" ? Buffer.from(data, "latin1") : data);
  }

  /** Turns this connection into TLS (after "OK Begin TLS" was sent); nothing the client sent before counts. */
  startTls(context: SecureContext): void {
    this.reader.discardBuffered();
    this.queue.length = 0;
    const plain = this.socket;
    plain.removeAllListeners("data");
    plain.removeAllListeners("error");
    plain.removeAllListeners("close");
    plain.removeAllListeners("end");
    const tls = new TLSSocket(plain, { isServer: true, secureContext: context });
    plain.on("error", () => this.markClosed());
    this.socket = tls;
    this.secure = true;
    this.attach(tls);
  }

  /** Logs the client out after this long without a command (re-armed by each call). */
  idleTimeout(seconds: number, onTimeout: () => void): void {
    this.socket.setTimeout(seconds * 1000);
    this.socket.removeAllListeners("timeout");
    this.socket.once("timeout", onTimeout);
  }

  close(): void {
    if (this.closed) return;
    this.socket.end(() => this.markClosed());
    setTimeout(() => this.markClosed(), 2000).unref();
  }
}
