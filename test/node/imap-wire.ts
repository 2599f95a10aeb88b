// A bare IMAP connection for tests that must send what no client library
// would (malformed commands, oversized literals, a hang-up mid-response).
import { connect, type Socket } from "node:net";

export interface Wire {
  socket: Socket;
  /** everything received so far, as bytes read one to a character */
  readonly text: string;
  send(data: string): void;
  /** resolves with the text once `pattern` matches what arrived after `from`; rejects after `ms` */
  until(pattern: RegExp, ms?: number, from?: number): Promise<string>;
  closed: Promise<void>;
  close(): void;
}

export async function openWire(port: number): Promise<Wire> {
  const socket = connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  let text = "";
  const listeners = new Set<() => void>();
  socket.on("data", (d: Buffer) => {
    text += d.toString("latin1");
    for (const l of listeners) l();
  });
  socket.on("error", () => {});
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const wire: Wire = {
    socket,
    get text() {
      return text;
    },
    send: (data) => void socket.write(Buffer.from(data, "latin1")),
    until(pattern, ms = 10_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(text.slice(from))) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(text.slice(from));
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern}; got: ${text.slice(from, from + 2000)}`));
        }, ms);
        listeners.add(check);
        closed.then(() => {
          check();
          if (listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`connection closed before ${pattern}; got: ${text.slice(from, from + 2000)}`));
          }
        });
        check();
      });
    },
    closed,
    close: () => socket.destroy(),
  };
  await wire.until(/^\* OK .*\r\n/);
  return wire;
}

/** Sends one tagged command and waits for its tagged answer; returns everything it got. */
export async function command(wire: Wire, tag: string, line: string, ms?: number): Promise<string> {
  const from = wire.text.length;
  wire.send(`${tag} ${line}\r\n`);
  return wire.until(new RegExp(`(^|\\r\\n)${tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n`), ms, from);
}
