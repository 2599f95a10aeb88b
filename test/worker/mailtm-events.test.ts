// Contract: the Mercure-style event stream, fed by the Mailbox's push.
import { describe, expect, it } from "vitest";
import { api, deliver, rawMessage } from "./helpers";
import { mt, mtAccount } from "./mailtm-helpers";

interface SseEvent {
  id?: string;
  data: any;
}

/** Opens the stream and parses events as they come; a refused stream is an error (refusals are tested with api()). */
async function listen(path: string, headers: Record<string, string> = {}) {
  const res = await api(`/mailtm/.well-known/mercure${path}`, { headers });
  if (res.status !== 200) throw new Error(`stream refused: ${res.status} ${await res.text()}`);
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let done = false;
  const pump = (async () => {
    for (;;) {
      const { value, done: end } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (end) break;
      buffer += value;
      for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const ev: SseEvent = { data: undefined };
        for (const line of block.split("\n")) {
          if (line.startsWith(":")) comments.push(line);
          else if (line.startsWith("id: ")) ev.id = line.slice(4);
          else if (line.startsWith("data: ")) ev.data = JSON.parse(line.slice(6));
        }
        if (ev.data !== undefined) events.push(ev);
      }
    }
    done = true;
  })();
  return {
    res,
    events,
    comments,
    get ended() {
      return done;
    },
    async until(pred: () => boolean, ms = 5000) {
      const deadline = Date.now() + ms;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error(`timed out; events: ${JSON.stringify(events).slice(0, 400)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      await reader.cancel().catch(() => {});
      await pump;
    },
  };
}

describe("mail.tm event stream", () => {
  it("pushes the arriving Message, then the Account with its new `used`", async () => {
    const a = await mtAccount();
    const s = await listen(`?topic=/accounts/${a.id}`, { authorization: `Bearer ${a.token}` });
    expect(s.res.status).toBe(200);
    expect(s.res.headers.get("content-type")).toBe("text/event-stream");
    await s.until(() => s.comments.length > 0);
    await deliver(a.address, rawMessage({ to: a.address, subject: "live one", body: "Your code is 314159" }));
    await s.until(() => s.events.length >= 2);
    const [message, account] = s.events;
    expect(message.data).toMatchObject({
      "@type": "Message",
      "@id": `/messages/${message.data.id}`,
      accountId: `/accounts/${a.id}`,
      subject: "live one",
      intro: "Your code is 314159",
      seen: false,
      isDeleted: false,
    });
    expect(message.id).toBe(message.data.id);
    expect(account.data).toMatchObject({ "@type": "Account", id: a.id, address: a.address });
    expect(account.data.used).toBeGreaterThan(0);
    // The listed message is the one pushed.
    const [listed] = (await mt("/messages", { token: a.token })).body;
    const { "@id": _i, "@type": _t, ...pushed } = message.data;
    expect(pushed).toEqual(listed);
    await s.close();
  });

  it("pushes only new mail, in order, and a deletion as isDeleted", async () => {
    const a = await mtAccount();
    await deliver(a.address, rawMessage({ to: a.address, subject: "before" }));
    const s = await listen(`?topic=/accounts/${a.id}`, { authorization: `Bearer ${a.token}` });
    await s.until(() => s.comments.length > 0);
    for (let i = 0; i < 3; i++) await deliver(a.address, rawMessage({ to: a.address, subject: `after ${i}` }));
    await s.until(() => s.events.filter((e) => e.data["@type"] === "Message").length === 3);
    const messages = s.events.filter((e) => e.data["@type"] === "Message");
    expect(messages.map((e) => e.data.subject)).toEqual(["after 0", "after 1", "after 2"]);
    await mt(`/messages/${messages[0].data.id}`, { method: "DELETE", token: a.token });
    await s.until(() => s.events.some((e) => e.data.isDeleted === true));
    expect(s.events.find((e) => e.data.isDeleted)!.data).toMatchObject({ "@type": "Message", id: messages[0].data.id, isDeleted: true });
    await s.close();
  });

  it("resumes after Last-Event-ID without losing or repeating mail", async () => {
    const a = await mtAccount();
    await deliver(a.address, rawMessage({ to: a.address, subject: "seen already" }));
    const [seen] = (await mt("/messages", { token: a.token })).body;
    await deliver(a.address, rawMessage({ to: a.address, subject: "missed" }));
    const s = await listen(`?topic=/accounts/${a.id}`, { authorization: `Bearer ${a.token}`, "last-event-id": seen.id });
    await s.until(() => s.events.length >= 2);
    expect(s.events[0].data.subject).toBe("missed");
    await s.close();
  });

  it("ends the stream when the account is deleted", async () => {
    const a = await mtAccount();
    const s = await listen(`?topic=/accounts/${a.id}`, { authorization: `Bearer ${a.token}` });
    await s.until(() => s.comments.length > 0);
    await mt(`/accounts/${a.id}`, { method: "DELETE", token: a.token });
    await s.until(() => s.ended);
  });

  it("accepts ?authorization= for browsers' EventSource", async () => {
    const a = await mtAccount();
    const s = await listen(`?topic=/accounts/${a.id}&authorization=${a.token}`);
    expect(s.res.status).toBe(200);
    await s.close();
  });

  it("refuses no token, a bad token, a missing topic and another account's topic", async () => {
    const a = await mtAccount();
    const b = await mtAccount();
    const none = await api(`/mailtm/.well-known/mercure?topic=/accounts/${a.id}`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ code: 401, message: "JWT Token not found" });
    const bad = await api(`/mailtm/.well-known/mercure?topic=/accounts/${a.id}`, { headers: { authorization: "Bearer x.y.z" } });
    expect(bad.status).toBe(401);
    const noTopic = await api(`/mailtm/.well-known/mercure`, { headers: { authorization: `Bearer ${a.token}` } });
    expect(noTopic.status).toBe(400);
    await noTopic.text();
    const other = await api(`/mailtm/.well-known/mercure?topic=/accounts/${b.id}`, { headers: { authorization: `Bearer ${a.token}` } });
    expect(other.status).toBe(403);
    await other.text();
    await mt(`/accounts/${a.id}`, { method: "DELETE", token: a.token });
    const dead = await api(`/mailtm/.well-known/mercure?topic=/accounts/${a.id}`, { headers: { authorization: `Bearer ${a.token}` } });
    expect(dead.status).toBe(401);
    await dead.text();
  });
});
