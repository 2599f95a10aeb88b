// Raw .eml downloads, on the v1 API and the mail.tm API alike, are served as
// files that a browser neither sniffs nor renders in our origin.
import { describe, expect, it } from "vitest";
import { api, auth, claim, deliver, rawMessage } from "./helpers";
import { mt, mtAccount } from "./mailtm-helpers";

const HOSTILE = "<html><script>alert(document.domain)</script></html>";

function expectFileHeaders(headers: Headers): void {
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
  expect(headers.get("content-type")).toBe("message/rfc822");
  expect(headers.get("content-disposition")).toMatch(/^attachment; filename="[^"]+\.eml"/);
}

describe("raw message downloads", () => {
  it("v1 /raw carries nosniff and the sandbox CSP", async () => {
    const { address, token } = await claim();
    await deliver(address, rawMessage({ to: address, body: HOSTILE }));
    const res = await api(`/api/v1/mailboxes/${address}/messages/1/raw`, auth(token));
    expect(res.status).toBe(200);
    expectFileHeaders(res.headers);
    expect(await res.text()).toContain(HOSTILE);
  });

  it("mail.tm /messages/{id}/download carries nosniff and the sandbox CSP", async () => {
    const account = await mtAccount();
    await deliver(account.address, rawMessage({ to: account.address, body: HOSTILE }));
    const list = await mt("/messages", { token: account.token });
    const id = list.body[0].id as string;
    const res = await mt(`/messages/${id}/download`, { token: account.token });
    expect(res.status).toBe(200);
    expectFileHeaders(res.headers);
    expect(res.body).toContain(HOSTILE);
  });
});
