// The OpenAPI document: valid 3.1, covering exactly the routes the router
// serves, and every real response of every route conforming to it.
import { describe, expect, it } from "vitest";
import type { MailAddress } from "../../src/contract/wire";
import { object, string } from "../../src/openapi/schema";
import { buildRouter } from "../../src/router";
import { api, auth, claim, deliver, openSocket, rawMessage } from "./helpers";
import { conforms, doc, METHODS } from "./openapi-conformance";
import { validate } from "./openapi-validate";

describe("OpenAPI document", () => {
  it("is a well-formed OpenAPI 3.1 document", async () => {
    const d = await doc();
    expect(d.openapi).toBe("3.1.0");
    expect(d.info.title).toBeTruthy();
    expect(d.info.version).toBeTruthy();
    const operationIds = new Set<string>();
    const refs: string[] = [];
    JSON.stringify(d, (k, v) => {
      if (k === "$ref") refs.push(v);
      return v;
    });
    for (const r of refs) expect(d.components.schemas[r.replace("#/components/schemas/", "")], r).toBeDefined();
    for (const [path, item] of Object.entries(d.paths)) {
      expect(path.startsWith("/")).toBe(true);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        expect(METHODS).toContain(method);
        expect(op.operationId).toMatch(/^[a-zA-Z]+$/);
        expect(operationIds.has(op.operationId), op.operationId).toBe(false);
        operationIds.add(op.operationId);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        for (const code of Object.keys(op.responses)) expect(code).toMatch(/^[1-5]\d\d$/);
        const pathParams = (op.parameters ?? []).filter((p: any) => p.in === "path");
        expect(pathParams.map((p: any) => p.name).sort()).toEqual([...templated].sort());
        for (const p of pathParams) expect(p.required).toBe(true);
        for (const s of op.security ?? []) for (const name of Object.keys(s)) expect(d.components.securitySchemes[name]).toBeDefined();
      }
    }
  });

  it("documents exactly the v1 routes the router serves", async () => {
    const d = await doc();
    const served = buildRouter()
      .routes.map(([method, , , path]) => `${method.toLowerCase()} ${String(path).replace(/:(\w+)/g, "{$1}")}`)
      .filter((r) => r.includes(" /api/v1/") && !r.startsWith("all ") && !r.startsWith("options "))
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
  it("config, addresses, mailbox meta, messages, raw, attachments, wait, ws, password, tokens, and their errors", async () => {
    const T = "/api/v1/mailboxes/{address}";
    await conforms("get", "/api/v1/config", await api("/api/v1/config"));
    const createdRes = await api("/api/v1/addresses", { method: "POST", body: JSON.stringify({ password: "documented pw" }) });
    const created = (await conforms("post", "/api/v1/addresses", createdRes)) as { address: string; token: string };
    await conforms("post", "/api/v1/addresses", await api("/api/v1/addresses", { method: "POST", body: JSON.stringify({ name: "!" }) }));
    await conforms(
      "post",
      "/api/v1/addresses",
      await api("/api/v1/addresses", { method: "POST", body: JSON.stringify({ name: created.address.split("@")[0] }) }),
    );
    const { address, token } = created;
    const other = await claim();
    const base = `/api/v1/mailboxes/${address}`;

    await conforms("get", T, await api(base, auth(token)));
    await conforms("get", T, await api(base));
    await conforms("get", T, await api(base, auth(other.token)));

    const sock = await openSocket(address, token, 0);
    await deliver(address, rawMessage({ to: address, subject: "doc", body: "code 551177" }));
    const withAttachment =
      `From: a@example.com\r\nTo: ${address}\r\nSubject: file\r\nMessage-ID: <f@example.com>\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nsee file\r\n` +
      `--x\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="a.pdf"\r\n\r\n%PDF-1.4\r\n--x--\r\n`;
    await deliver(address, withAttachment);
    await sock.until((f) => f.filter((x) => typeof x !== "string" && x.type === "message").length === 2);
    await conforms("delete", `${T}/messages/{id}`, await api(`${base}/messages/1`, auth(token, { method: "DELETE" })));
    await sock.until((f) => f.some((x) => typeof x !== "string" && x.type === "deleted"));
    const d = await doc();
    for (const frame of sock.frames)
      expect(validate(frame, { $ref: "#/components/schemas/ServerFrame" }, d.components.schemas)).toEqual([]);
    sock.close();
    await conforms("get", `${T}/ws`, await api(`${base}/ws`, auth(token)));

    await conforms("get", `${T}/messages`, await api(`${base}/messages?limit=1`, auth(token)));
    await conforms("get", `${T}/messages`, await api(`${base}/messages?limit=0`, auth(token)));
    await conforms("get", `${T}/messages/{id}`, await api(`${base}/messages/2`, auth(token)));
    await conforms("get", `${T}/messages/{id}`, await api(`${base}/messages/99`, auth(token)));
    await conforms("get", `${T}/messages/{id}/raw`, await api(`${base}/messages/2/raw`, auth(token)));
    await conforms("get", `${T}/messages/{id}/attachments/{index}`, await api(`${base}/messages/2/attachments/0`, auth(token)));
    await conforms("get", `${T}/messages/{id}/attachments/{index}`, await api(`${base}/messages/2/attachments/7`, auth(token)));
    await conforms("get", `${T}/wait`, await api(`${base}/wait?after=0&timeout=1`, auth(token)));
    await conforms("get", `${T}/wait`, await api(`${base}/wait?after=2&timeout=0`, auth(token)));

    await conforms(
      "put",
      `${T}/password`,
      await api(`${base}/password`, auth(token, { method: "PUT", body: JSON.stringify({ password: "new password" }) })),
    );
    await conforms(
      "put",
      `${T}/password`,
      await api(`${base}/password`, auth(token, { method: "PUT", body: JSON.stringify({ password: "x" }) })),
    );
    await conforms(
      "post",
      "/api/v1/tokens",
      await api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ address, password: "new password" }) }),
    );
    await conforms(
      "post",
      "/api/v1/tokens",
      await api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ address, password: "wrong" }) }),
    );
    await conforms("post", "/api/v1/tokens", await api("/api/v1/tokens", { method: "POST", body: "{}" }));

    await conforms("delete", `${T}/messages`, await api(`${base}/messages`, auth(token, { method: "DELETE" })));
    await conforms("delete", T, await api(base, auth(token, { method: "DELETE" })));
    await conforms("get", T, await api(base, auth(token)));
  });
});
