// Paths that fold into another route: the URL parser turns a dot segment (…/webhooks/%2e%2e) into
// …/{address}/, which must not be served as the mailbox itself (a DELETE would delete it).
import { describe, expect, it } from "vitest";
import { api, auth, claim } from "./helpers";

describe("paths with a trailing slash or dot segments", () => {
  it("are no route, so a DELETE of a sub-resource named '..' never deletes the mailbox", async () => {
    const { address, token } = await claim();
    for (const tail of ["webhooks/%2e%2e", "webhooks/..", "forwards/%2e%2e/", "messages/1/%2e%2e/%2e%2e", "blocked-senders/.."]) {
      const res = await api(`/api/v1/mailboxes/${address}/${tail}`, auth(token, { method: "DELETE" }));
      expect(res.status, tail).toBe(404);
      expect((await res.json<{ error: { code: string } }>()).error.code, tail).toBe("not_found");
    }
    expect((await api(`/api/v1/mailboxes/${address}/`, auth(token))).status).toBe(404);
    expect((await api("/api/v1/addresses/", { method: "POST", body: "{}" })).status).toBe(404);
    // The mailbox is untouched, and the routes without the slash work as ever.
    expect((await api(`/api/v1/mailboxes/${address}`, auth(token))).status).toBe(200);
    expect((await api(`/api/v1/mailboxes/${address}/messages`, auth(token))).status).toBe(200);
  });
});
