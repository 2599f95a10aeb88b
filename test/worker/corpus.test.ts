// Every real-world message of the corpus (CORPUS_DIR) is accepted, listed,
// kept byte-identical and parsed, driven through email() as Email Routing would.
import corpus, { corpusFound } from "virtual:corpus";
import { describe, expect, it } from "vitest";
import type { MessageDetail, MessageList } from "../../src/contract/wire";
import { api, auth, claim, deliver } from "./helpers";

function decode(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

describe.skipIf(!corpusFound)("real-world corpus", () => {
  it(`accepts, lists, parses and returns byte-identical all ${corpus.length} messages`, async () => {
    expect(corpus.length).toBeGreaterThan(150);
    const { address, token } = await claim("corpus");
    for (const file of corpus) {
      const out = await deliver(address, decode(file.base64), "corpus@example.com");
      expect(out.rejected, file.name).toBeNull();
    }
    const ids: number[] = [];
    let before = "";
    for (;;) {
      const page = await (await api(`/api/v1/mailboxes/${address}/messages?limit=100${before}`, auth(token))).json<MessageList>();
      ids.push(...page.messages.map((m) => m.id));
      if (page.nextBefore === null) break;
      before = `&before=${page.nextBefore}`;
    }
    expect(ids).toEqual(corpus.map((_, i) => corpus.length - i));
    const unparsed: string[] = [];
    for (const [i, file] of corpus.entries()) {
      const raw = new Uint8Array(await (await api(`/api/v1/mailboxes/${address}/messages/${i + 1}/raw`, auth(token))).arrayBuffer());
      expect(raw, file.name).toEqual(decode(file.base64));
      const msg = await (await api(`/api/v1/mailboxes/${address}/messages/${i + 1}`, auth(token))).json<MessageDetail>();
      if (msg.parseError !== null) unparsed.push(`${file.name}: ${msg.parseError}`);
    }
    // Stored either way; and every one parses, as parser-parity.test.ts demands of parseMail.
    expect(unparsed).toEqual([]);
  });
});
