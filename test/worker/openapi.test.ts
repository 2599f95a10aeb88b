// The OpenAPI document: valid 3.1, covering exactly the routes the router
// serves, and every real response of every route conforming to it.
import { describe, expect, it } from "vitest";
import type { MailAddress } from "../../src/contract/wire";
import { object, string } from "../../src/openapi/schema";
import { buildRouter } from "../../src/router";
import { api, auth, claim, deliver, openSocket, rawMessage } from "./helpers";
import { conforms, doc, METHODS, mediaType } from "./openapi-conformance";
import { validate } from "./openapi-validate";

const T = "/api/v1/mailboxes/{address}";

/** A mailbox holding two mails, the second with a PDF attachment. */
async function mailboxWithMail() {
  const box = await claim();
  await deliver(box.address, rawMessage({ to: box.address, subject: "doc", body: "code 551177" }));
  const withAttachment =
    `From: a@example.com\r\nTo: ${box.address}\r\nSubject: file\r\nMessage-ID: <f@example.com>\r\nMIME-Version: 1.0\r\n` +
    `Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nsee file\r\n` +
    `--x\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="a.pdf"\r\n\r\n%PDF-1.4\r\n--x--\r\n`;
  await deliver(box.address, withAttachment);
  return { ...box, base: `/api/v1/mailboxes/${box.address}` };
}

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 with a title and a version", async () => {
    const d = await doc();
    expect(d.openapi).toBe("3.1.0");
    expect(d.info.title).toBeTruthy();
    expect(d.info.version).toBeTruthy();
  });

  it("resolves every $ref to a component schema", async () => {
    const d = await doc();
    const refs: string[] = [];
    JSON.stringify(d, (k, v) => {
      if (k === "$ref") refs.push(v);
      return v;
    });
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => !d.components.schemas[r.replace("#/components/schemas/", "")])).toEqual([]);
  });

  it("gives every operation a unique operationId, HTTP methods and status codes only", async () => {
    const d = await doc();
    const ops = Object.entries(d.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
    expect(ops.map((o) => o.path).filter((p) => !p.startsWith("/"))).toEqual([]);
    expect(ops.map((o) => o.method).filter((m) => !METHODS.includes(m))).toEqual([]);
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.filter((id) => !/^[a-zA-Z]+$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ops.filter((o) => Object.keys(o.op.responses).length === 0).map((o) => o.op.operationId)).toEqual([]);
    expect(ops.flatMap((o) => Object.keys(o.op.responses)).filter((code) => !/^[1-5]\d\d$/.test(code))).toEqual([]);
  });

  it("declares each path template's parameters, required, and nothing else in the path", async () => {
    const d = await doc();
    for (const [path, item] of Object.entries(d.paths)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(item)) {
        const pathParams = (op.parameters ?? []).filter((p: any) => p.in === "path");
        expect(pathParams.map((p: any) => p.name).sort(), `${method} ${path}`).toEqual(templated);
        expect(
          pathParams.filter((p: any) => p.required !== true).map((p: any) => p.name),
          `${method} ${path}`,
        ).toEqual([]);
      }
    }
  });

  it("names only security schemes it defines", async () => {
    const d = await doc();
    const named = Object.values(d.paths).flatMap((item) =>
      Object.values(item).flatMap((op) => (op.security ?? []).flatMap((s: Record<string, unknown>) => Object.keys(s))),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !d.components.securitySchemes[name])).toEqual([]);
  });

  it("documents exactly the v1 routes (and /mcp) the router serves", async () => {
    const d = await doc();
    const served = buildRouter()
      .routes.map(([method, , , path]) => `${method.toLowerCase()} ${String(path).replace(/:(\w+)/g, "{$1}")}`)
      .filter((r) => (r.includes(" /api/v1/") || r.endsWith(" /mcp")) && !r.startsWith("all ") && !r.startsWith("options "))
      .sort();
    const documented = Object.entries(d.paths)
      .flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`))
      .filter((r) => r !== "get /api/v1/openapi.json")
      .sort();
    expect(documented).toEqual(served.filter((r) => r !== "get /api/v1/openapi.json"));
  });

  it("schemas name exactly the keys of the wire types (checked by tsc)", () => {
    // @ts-expect-error: a schema missing a key of its wire type does not compile.
    object<MailAddress>({ name: string() });
    // @ts-expect-error: nor does one with a key the wire type lacks.
    object<MailAddress>({ name: string(), address: string(), extra: string() });
    expect(object<MailAddress>({ name: string(), address: string() }).required).toEqual(["name", "address"]);
  });
});

describe("every v1 response conforms to the document", () => {
  it("GET /config", async () => {
    await conforms("get", "/api/v1/config", await api("/api/v1/config"));
  });

  it("POST /addresses: created, a bad name, a taken name", async () => {
    const created = (await conforms(
      "post",
      "/api/v1/addresses",
      await api("/api/v1/addresses", { method: "POST", body: JSON.stringify({ password: "documented pw" }) }),
    )) as { address: string };
    await conforms("post", "/api/v1/addresses", await api("/api/v1/addresses", { method: "POST", body: JSON.stringify({ name: "!" }) }));
    const name = created.address.split("@")[0];
    await conforms("post", "/api/v1/addresses", await api("/api/v1/addresses", { method: "POST", body: JSON.stringify({ name }) }));
  });

  it("GET a mailbox: as its owner, without a credential, with another address's", async () => {
    const { address, token } = await claim();
    const other = await claim();
    const base = `/api/v1/mailboxes/${address}`;
    await conforms("get", T, await api(base, auth(token)));
    await conforms("get", T, await api(base));
    await conforms("get", T, await api(base, auth(other.token)));
  });

  it("WebSocket frames (hello, message, deleted) and DELETE of one message", async () => {
    const { address, token } = await claim();
    const base = `/api/v1/mailboxes/${address}`;
    const sock = await openSocket(address, token, 0);
    await deliver(address, rawMessage({ to: address, subject: "doc" }));
    await sock.until((f) => f.filter((x) => typeof x !== "string" && x.type === "message").length === 1);
    await conforms("delete", `${T}/messages/{id}`, await api(`${base}/messages/1`, auth(token, { method: "DELETE" })));
    await sock.until((f) => f.some((x) => typeof x !== "string" && x.type === "deleted"));
    const d = await doc();
    expect(sock.frames.map((f) => (typeof f === "string" ? f : f.type))).toEqual(["hello", "message", "deleted"]);
    for (const frame of sock.frames)
      expect(validate(frame, { $ref: "#/components/schemas/ServerFrame" }, d.components.schemas)).toEqual([]);
    sock.close();
  });

  it("GET the WebSocket route without an upgrade", async () => {
    const { address, token } = await claim();
    await conforms("get", `${T}/ws`, await api(`/api/v1/mailboxes/${address}/ws`, auth(token)));
  });

  it("GET messages: a page, a bad limit", async () => {
    const { base, token } = await mailboxWithMail();
    await conforms("get", `${T}/messages`, await api(`${base}/messages?limit=1`, auth(token)));
    await conforms("get", `${T}/messages`, await api(`${base}/messages?limit=0`, auth(token)));
  });

  it("GET one message: found, not found", async () => {
    const { base, token } = await mailboxWithMail();
    await conforms("get", `${T}/messages/{id}`, await api(`${base}/messages/2`, auth(token)));
    await conforms("get", `${T}/messages/{id}`, await api(`${base}/messages/99`, auth(token)));
  });

  it("GET a raw message, as message/rfc822", async () => {
    const { base, token } = await mailboxWithMail();
    const res = await api(`${base}/messages/2/raw`, auth(token));
    expect(mediaType(res.headers.get("content-type"))).toBe("message/rfc822");
    await conforms("get", `${T}/messages/{id}/raw`, res);
  });

  it("GET an attachment, with its own content type; a missing one", async () => {
    const { base, token } = await mailboxWithMail();
    const res = await api(`${base}/messages/2/attachments/0`, auth(token));
    expect(mediaType(res.headers.get("content-type"))).toBe("application/pdf");
    await conforms("get", `${T}/messages/{id}/attachments/{index}`, res);
    await conforms("get", `${T}/messages/{id}/attachments/{index}`, await api(`${base}/messages/2/attachments/7`, auth(token)));
  });

  it("GET wait: mail there, nothing within the timeout", async () => {
    const { base, token } = await mailboxWithMail();
    await conforms("get", `${T}/wait`, await api(`${base}/wait?after=0&timeout=1`, auth(token)));
    await conforms("get", `${T}/wait`, await api(`${base}/wait?after=2&timeout=0`, auth(token)));
  });

  it("PUT password: set, too short", async () => {
    const { address, token } = await claim();
    const put = (password: string) =>
      api(`/api/v1/mailboxes/${address}/password`, auth(token, { method: "PUT", body: JSON.stringify({ password }) }));
    await conforms("put", `${T}/password`, await put("new password"));
    await conforms("put", `${T}/password`, await put("x"));
  });

  it("POST tokens: right password, wrong password, no fields", async () => {
    const { address } = await (
      await api("/api/v1/addresses", { method: "POST", body: JSON.stringify({ password: "documented pw" }) })
    ).json<{
      address: string;
    }>();
    const post = (body: unknown) => api("/api/v1/tokens", { method: "POST", body: JSON.stringify(body) });
    await conforms("post", "/api/v1/tokens", await post({ address, password: "documented pw" }));
    await conforms("post", "/api/v1/tokens", await post({ address, password: "wrong" }));
    await conforms("post", "/api/v1/tokens", await post({}));
  });

  it("DELETE all messages, DELETE the mailbox, then its credential refused", async () => {
    const { base, token } = await mailboxWithMail();
    await conforms("delete", `${T}/messages`, await api(`${base}/messages`, auth(token, { method: "DELETE" })));
    await conforms("delete", T, await api(base, auth(token, { method: "DELETE" })));
    await conforms("get", T, await api(base, auth(token)));
  });
});
