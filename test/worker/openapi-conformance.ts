// Holds real responses to the served OpenAPI document: each status documented, each JSON body valid against its schema.
import { expect } from "vitest";
import { api } from "./helpers";
import { type Components, validate } from "./openapi-validate";

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, any>>;
  components: { schemas: Components; securitySchemes: Record<string, unknown> };
};

let cached: Doc | null = null;
export async function doc(): Promise<Doc> {
  if (!cached) {
    const res = await api("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    cached = await res.json<Doc>();
  }
  return cached;
}

export const METHODS = ["get", "post", "put", "patch", "delete"];

/** Checks a real response against what the document says `method path` answers. */
export async function conforms(method: string, template: string, res: Response): Promise<unknown> {
  const d = await doc();
  const op = d.paths[template]?.[method];
  expect(op, `${method} ${template} documented`).toBeDefined();
  const documented = op.responses[String(res.status)];
  expect(documented, `${method} ${template} → ${res.status} documented`).toBeDefined();
  const schema = documented.content?.["application/json"]?.schema;
  const type = res.headers.get("content-type") ?? "";
  if (!schema || !type.startsWith("application/json")) {
    if (documented.content)
      expect(Object.keys(documented.content).some((t) => type.startsWith(t) || t === "application/octet-stream")).toBe(true);
    return null;
  }
  const body = await res.json();
  expect(validate(body, schema, d.components.schemas), `${method} ${template} → ${res.status}`).toEqual([]);
  return body;
}
