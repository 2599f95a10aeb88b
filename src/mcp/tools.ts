// What each MCP tool does, as plain functions of the caller's principal: the
// same one-place actions the v1 routes use (createAddress, owner operations,
// sendComposed), with the same scopes (src/api-keys/scopes.ts). Mail is handed
// to the model as text, links and codes; never as raw HTML.

import { addressParam } from "../address";
import { createAddress, roomForOwner, writeThrough } from "../addresses";
import { requireToolScope, type TOOL_SCOPES } from "../api-keys/scopes";
import type { KeyCreatedAddress, NextCode } from "../contract/agents";
import { readConfig } from "../contract/config";
import { parseJsonText } from "../contract/json-text";
import type { Env } from "../env";
import { ApiError } from "../http/errors";
import { htmlText } from "../mail/html-text";
import { readComposition } from "../mail/send-request";
import { type OwnedMailbox, ownedMailbox } from "../mailbox-access";
import { grantFor, type Principal } from "../principal";
import { refuseWhenOff, sendComposed } from "../sending";

type Tool = keyof typeof TOOL_SCOPES;

/** Characters of a message's text given to the model; the rest is said to be cut. */
const TEXT_MAX = 20_000;
const LINKS_MAX = 50;

export class MailTools {
  constructor(
    private readonly env: Env,
    private readonly caller: Principal,
    /** who asks, for creation limits that apply per client */
    private readonly client: string,
    /** names a wait so that it ends if the agent's connection does (src/abandoned-wait.ts) */
    private readonly nameWait: (mailbox: OwnedMailbox) => string | null = () => null,
  ) {}

  private allow(tool: Tool): void {
    if (this.caller.kind === "apikey") requireToolScope(tool, this.caller.scopes);
  }

  private mailbox(tool: Tool, address: string): OwnedMailbox {
    this.allow(tool);
    const normalised = addressParam(address, readConfig(this.env));
    return ownedMailbox(this.env, normalised, grantFor(this.caller, normalised));
  }

  async createAddress(name?: string, domain?: string): Promise<KeyCreatedAddress> {
    const p = this.caller;
    if (p.kind !== "apikey") throw new ApiError("forbidden", "create_address needs an API key with the addresses:create scope.");
    this.allow("create_address");
    if (p.userId) await roomForOwner(this.env, p.userId);
    const created = await createAddress(this.env, { name, domain, client: this.client, owner: p.userId ?? undefined, creatorKey: p.keyId });
    return { address: created.address, expiresAt: new Date(created.expiresAt).toISOString(), keyId: p.keyId };
  }

  async listMessages(address: string) {
    const list = parseJsonText(await this.mailbox("list_messages", address).run("list", Number.MAX_SAFE_INTEGER, 50, "inbox"));
    return list.messages.map((m) => ({
      id: m.id,
      receivedAt: m.receivedAt,
      from: m.from?.address ?? null,
      subject: m.subject,
      snippet: m.snippet,
      codes: m.codes.filter((c) => c.kind === "code").map((c) => c.value),
      links: m.codes.filter((c) => c.kind === "link").map((c) => c.value),
    }));
  }

  async readMessage(address: string, id: number) {
    const m = parseJsonText(await this.mailbox("read_message", address).run("message", id));
    const fromHtml = m.html ? htmlText(m.html, TEXT_MAX) : null;
    const text = m.text ?? fromHtml?.text ?? "";
    const links = [...m.codes.filter((c) => c.kind === "link").map((c) => c.value), ...(fromHtml?.anchors ?? []).map((a) => a.href)];
    return {
      id: m.id,
      receivedAt: m.receivedAt,
      from: m.from,
      to: m.to.map((a) => a.address),
      subject: m.subject,
      codes: m.codes.filter((c) => c.kind === "code").map((c) => c.value),
      links: [...new Set(links.filter((l) => /^https?:\/\//i.test(l)))].slice(0, LINKS_MAX),
      text: text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX)}\n[… cut at ${TEXT_MAX} characters]` : text,
      attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
    };
  }

  /** The next code or link not yet handed out (mail already there counts), or null after `timeoutSeconds`. */
  async waitForCode(address: string, timeoutSeconds: number, from?: string): Promise<NextCode | null> {
    const mailbox = this.mailbox("wait_for_code", address);
    const max = readConfig(this.env).waitMaxSeconds;
    if (timeoutSeconds > max) throw new ApiError("bad_request", `timeout may be at most ${max} seconds (WAIT_MAX_SECONDS).`);
    const filter = { from: from ? from.toLowerCase() : null, subject: null };
    return mailbox.run("nextCode", 0, filter, timeoutSeconds * 1000, false, this.nameWait(mailbox));
  }

  async send(address: string, to: string, subject: string, text: string) {
    const mailbox = this.mailbox("send", address);
    const config = readConfig(this.env);
    refuseWhenOff(config);
    const composition = readComposition({ to: [to], subject, text }, config);
    return sendComposed(this.env, config, mailbox, composition, null);
  }

  async deleteAddress(address: string): Promise<void> {
    await writeThrough(this.env, await this.mailbox("delete_address", address).run("destroy"));
  }
}
