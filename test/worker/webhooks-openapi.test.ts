// The webhook and outbox routes answer exactly what the OpenAPI document says.
import { describe, expect, it } from "vitest";
import { api, auth, claim, deliver, rawMessage } from "./helpers";
import { type Components, validate } from "./openapi-validate";
import { answeredOk, FAKE, receivedUntil } from "./remote";

type Doc = { paths: Record<string, Record<string, any>>; components: { schemas: Components } };

async function conforms(doc: Doc, method: string, template: string, res: Response): Promise<void> {
  const documented = doc.paths[template]?.[method]?.responses?.[String(res.status)];
  expect(documented, `${method} ${template} → ${res.status} documented`).toBeDefined();
  const schema = documented.content?.["application/json"]?.schema;
  if (!schema) {
    expect(await res.text()).toBe("");
    return;
  }
  expect(validate(await res.json(), schema, doc.components.schemas)).toEqual([]);
}

describe("webhook and outbox routes conform to the OpenAPI document", () => {
  it("every status they answer", async () => {
    const doc = await (await api("/api/v1/openapi.json")).json<Doc>();
    const { address, token } = await claim("wh-openapi");
    const other = await claim("wh-openapi-other");
    const W = "/api/v1/mailboxes/{address}/webhooks";
    const base = `/api/v1/mailboxes/${address}`;
    const post = (t: string, body: unknown) => api(`${base}/webhooks`, auth(t, { method: "POST", body: JSON.stringify(body) }));

    const created = await post(token, { url: `${FAKE}/hook/wh-openapi` });
    const { id } = await created.clone().json<{ id: string }>();
    await conforms(doc, "post", W, created);
    await conforms(doc, "post", W, await post(token, { url: "ftp://x" }));
    await conforms(doc, "post", W, await api(`${base}/webhooks`, { method: "POST", body: "{}" }));
    await conforms(doc, "post", W, await post(other.token, { url: "https://example.com/" }));
    await conforms(doc, "get", W, await api(`${base}/webhooks`, auth(token)));

    await deliver(address, rawMessage({ to: address }));
    await receivedUntil("webhook:wh-openapi", (r) => answeredOk(r).length === 1);
    await conforms(doc, "get", "/api/v1/mailboxes/{address}/outbox", await api(`${base}/outbox`, auth(token)));
    await conforms(doc, "get", "/api/v1/mailboxes/{address}/outbox", await api(`${base}/outbox?limit=x`, auth(token)));

    await conforms(doc, "delete", `${W}/{id}`, await api(`${base}/webhooks/${id}`, auth(token, { method: "DELETE" })));
    await conforms(doc, "delete", `${W}/{id}`, await api(`${base}/webhooks/${id}`, auth(token, { method: "DELETE" })));
  });
});
