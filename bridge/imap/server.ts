// The IMAP listeners: plain (STARTTLS when a certificate is configured) and
// implicit TLS, each connection its own session, with a cap on sessions.
import { createServer, type Server, type Socket } from "node:net";
import { createServer as createTlsServer, type TLSSocket } from "node:tls";
import type { BridgeLimits } from "../options.ts";
import { Connection } from "./connection.ts";
import { ImapSession, type SessionSettings } from "./session.ts";

export interface ImapListeners {
  plain: Server;
  tls: Server | null;
  /** sessions open now */
  readonly sessions: number;
}

/** `pem`: the certificate and key the implicit-TLS listener is made with (STARTTLS uses the settings' context). */
export function imapServers(settings: SessionSettings, limits: BridgeLimits, pem: { cert: Buffer; key: Buffer } | null): ImapListeners {
  let open = 0;
  const frameLimits = {
    maxLineBytes: limits.maxCommandBytes,
    maxLiteralBytes: limits.maxLiteralBytes,
    maxCommandBytes: limits.maxCommandBytes,
    maxAppendBytes: limits.maxMessageBytes,
  };
  const serve = (socket: Socket, secure: boolean) => {
    socket.setNoDelay(true);
    socket.on("error", () => socket.destroy());
    if (open >= limits.maxSessions) {
      socket.end("* BYE Too many sessions on this bridge; try again later.\r\n");
      return;
    }
    open++;
    const session = new ImapSession(new Connection(socket, frameLimits, secure), settings);
    session.run().finally(() => open--);
  };
  const plain = createServer((socket) => serve(socket, false));
  const tls = pem ? createTlsServer(pem, (socket: TLSSocket) => serve(socket, true)) : null;
  // A handshake that fails is that client's problem alone.
  tls?.on("tlsClientError", () => {});
  return {
    plain,
    tls,
    get sessions() {
      return open;
    },
  };
}
