// The project's own mail fixtures stored through the real email() handler and
// read back through the v1 API: listed, raw download byte-identical, each
// attachment's bytes and sha256 as the fixture declares, codes and one-time
// links found where the fixture says.
import { describe, expect, it } from "vitest";
import type { MessageDetail, MessageList } from "../../src/contract/wire";
import { mailFixtures } from "../fixtures/mail/index";
import { api, auth, claim, deliver } from "./helpers";

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("mail fixtures through email() and the v1 API", () => {
  it.each(mailFixtures.map((f) => [f.name, f] as const))("%s is stored and served as sent", async (name, { raw, expect: want }) => {
    const { address, token } = await claim();
    expect((await deliver(address, raw, "fixtures@example.com")).rejected).toBeNull();

    const list = await (await api(`/api/v1/mailboxes/${address}/messages`, auth(token))).json<MessageList>();
    expect(list.messages.map((m) => [m.id, m.subject, m.attachmentCount])).toEqual([[1, want.subject, want.attachments.length]]);

    const served = new Uint8Array(await (await api(`/api/v1/mailboxes/${address}/messages/1/raw`, auth(token))).arrayBuffer());
    expect(served).toEqual(raw);

    const msg = await (await api(`/api/v1/mailboxes/${address}/messages/1`, auth(token))).json<MessageDetail>();
    expect(msg.parseError).toBeNull();
    expect(msg.messageId).toContain(name);
    expect(msg.from).toEqual(want.from);
    expect(msg.codes).toEqual(want.codes);
    for (const fragment of want.text) expect(msg.text ?? "").toContain(fragment);

    expect(msg.attachments.map((a) => [a.index, a.filename, a.contentType, a.size])).toEqual(
      want.attachments.map((a, i) => [i, a.filename, a.contentType, a.content.length]),
    );
    for (const [i, a] of want.attachments.entries()) {
      expect(msg.attachments[i].sha256).toBe(await sha256(a.content));
      const res = await api(`/api/v1/mailboxes/${address}/messages/1/attachments/${i}`, auth(token));
      expect(res.status).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(await sha256(bytes)).toBe(msg.attachments[i].sha256);
      expect(bytes).toEqual(a.content);
    }
  });
});
