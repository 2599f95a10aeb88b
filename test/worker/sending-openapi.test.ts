import { describe, expect, it } from "vitest";
import { adminToken } from "./directory-helpers";
import { api, auth, claim, deliver, openSocket, rawMessage } from "./helpers";
import { type Components, validate } from "./openapi-validate";
import { outside, relayedUntil, scriptRelay, send } from "./relay";

type Doc = { paths: Record<string, Record<string, any>>; components: { schemas: Components } };

async function conforms(doc: Doc, method: string, template: string, res: Response): Promise<void> {
  const documented = doc.paths[template]?.[method]?.responses?.[String(res.status)];
  expect(documented, `${method} ${template} → ${res.status} documented`).toBeDefined();
  const schema = documented.content?.["application/json"]?.schema;
  if (!schema) {
    expect(await res.text()).toBe("");
    return;
  }
  expect(validate(await res.json(), schema, doc.components.schemas), `${method} ${template} → ${res.status}`).toEqual([]);
}

describe("sending routes conform to the OpenAPI document", () => {
  it("every status they answer, and the frames and summaries sent mail makes", async () => {
    const doc = await (await api("/api/v1/openapi.json")).json<Doc>();
    const { address, token } = await claim();
    const other = await claim();
    const M = "/api/v1/mailboxes/{address}";
    const base = `/api/v1/mailboxes/${address}`;
    const sock = await openSocket(address, token, 0);
    const failing = outside("fails");
    await scriptRelay(failing, [{ mode: "perm" }]);

    await conforms(doc, "post", `${M}/send`, await send(address, token, { to: [outside()], subject: "doc", text: "hi" }));
    await conforms(doc, "post", `${M}/send`, await send(address, token, { to: [failing], text: "no" }));
    await conforms(doc, "post", `${M}/send`, await send(address, token, { to: ["bad"], text: "x" }));
    await conforms(doc, "post", `${M}/send`, await send(address, other.token, { to: [outside()], text: "x" }));
    await conforms(doc, "post", `${M}/send`, await api(`${base}/send`, { method: "POST", body: "{}" }));
    await conforms(doc, "post", `${M}/send`, await send(address, token, { replyTo: 99, text: "x" }));
    const raw = (body: string, t = token) => api(`${base}/send/raw`, auth(t, { method: "POST", body }));
    await conforms(doc, "post", `${M}/send/raw`, await raw(`From: ${address}\r\nTo: ${outside()}\r\nSubject: r\r\n\r\nhi\r\n`));
    await conforms(doc, "post", `${M}/send/raw`, await raw("nothing"));
    const admin = await adminToken();
    const quota = { method: "PUT", body: JSON.stringify({ daily: 0 }) };
    expect((await api(`/api/v1/admin/addresses/${address}/send-quota`, auth(admin, quota))).status).toBe(200);
    await conforms(doc, "post", `${M}/send`, await send(address, token, { to: [outside()], text: "over" }));

    await relayedUntil(failing, (r) => r.attempts.length === 1);
    await sock.until((f) => f.filter((x) => typeof x !== "string" && x.type === "status").length >= 3);
    for (const frame of sock.frames)
      expect(validate(frame, { $ref: "#/components/schemas/ServerFrame" }, doc.components.schemas)).toEqual([]);
    sock.close();
    await conforms(doc, "get", `${M}/messages`, await api(`${base}/messages?folder=sent`, auth(token)));
    await conforms(doc, "get", `${M}/messages`, await api(`${base}/messages?folder=spam`, auth(token)));
    await conforms(doc, "get", `${M}/messages/{id}`, await api(`${base}/messages/1`, auth(token)));
    await conforms(doc, "get", `${M}/outbox`, await api(`${base}/outbox`, auth(token)));

    const F = `${M}/forwards`;
    const rule = await api(`${base}/forwards`, auth(token, { method: "POST", body: JSON.stringify({ to: "me@example.org" }) }));
    const { id } = await rule.clone().json<{ id: string }>();
    await conforms(doc, "post", F, rule);
    await conforms(doc, "post", F, await api(`${base}/forwards`, auth(token, { method: "POST", body: JSON.stringify({ to: "x" }) })));
    await conforms(doc, "get", F, await api(`${base}/forwards`, auth(token)));
    await deliver(address, rawMessage({ to: address }));
    await conforms(doc, "get", `${M}/messages/{id}`, await api(`${base}/messages/4`, auth(token)));
    await conforms(doc, "delete", `${F}/{id}`, await api(`${base}/forwards/${id}`, auth(token, { method: "DELETE" })));
    await conforms(doc, "delete", `${F}/{id}`, await api(`${base}/forwards/${id}`, auth(token, { method: "DELETE" })));
  });
});
