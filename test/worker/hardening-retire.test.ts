// A socket never outlives its mailbox: none is accepted while the mailbox is
// being retired, and creating the name again closes any that is left.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Mailbox } from "../../objects/mailbox";
import { socketRequest } from "../../objects/mailbox/socket-request";
import { api, claim, deliver, openSocket, rawMessage } from "./helpers";

function epochOf(token: string): string {
  return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).mbx as string;
}

describe("retiring a mailbox and its sockets", () => {
  it("accepts no socket while retire() is under way, so none is left open after it", async () => {
    const { address, token } = await claim();
    await deliver(address, rawMessage({ to: address }));
    const epoch = epochOf(token);
    const outcome = await runInDurableObject(env.MAILBOX.getByName(address), async (mailbox: Mailbox, state) => {
      // Start the delete, and while it awaits, ask for a socket with the still-valid credential.
      const destroying = mailbox.owner({ epoch }, "destroy");
      const upgrade = mailbox.fetch(socketRequest("https://mailbox.internal/ws?since=0", epoch));
      const [destroyed, res] = await Promise.all([destroying, upgrade]);
      res.webSocket?.accept();
      return { destroyed, status: res.status, open: state.getWebSockets().length };
    });
    // The delete went through (it answers the directory's row for the ended address, not a failure).
    expect(outcome.destroyed).toMatchObject({ address, state: "deleted" });
    expect(outcome.status).toBe(401);
    expect(outcome.open).toBe(0);
  });

  it("closes a socket left over from the name's previous life when the name is created again", async () => {
    const { address, token } = await claim();
    const old = await openSocket(address, token, 0);
    await old.until((f) => f.length === 1);
    // As an older deployment could leave it: quarantined and run out, with the socket still open.
    await runInDurableObject(env.MAILBOX.getByName(address), (mailbox: Mailbox, state) => {
      state.storage.sql.exec("DELETE FROM messages");
      state.storage.sql.exec("UPDATE meta SET value = 'quarantined' WHERE key = 'state'");
      state.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'quarantine_until'", String(Date.now() - 1));
      (mailbox as unknown as { parts: { lifetime: { forget(): void } } }).parts.lifetime.forget();
    });
    const again = await api("/api/v1/addresses", { method: "POST", body: JSON.stringify({ name: address.split("@")[0] }) });
    expect(again.status).toBe(201);
    await old.until(() => old.closed !== null);
    expect(old.closed).toEqual({ code: 4000 });
    // The next owner's mail never reaches it.
    await deliver(address, rawMessage({ to: address, subject: "for the new owner" }));
    expect(old.frames.some((f) => typeof f !== "string" && f.type === "message")).toBe(false);
  });
});
