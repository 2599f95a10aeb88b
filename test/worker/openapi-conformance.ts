// Holds real responses to the served OpenAPI document: each status documented, its media type covered, each JSON body valid.
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

export function mediaType(header: string | null): string {
  return (header ?? "").split(";")[0].trim().toLowerCase();
}

// Whether a documented media type, or a range such as "image/*" or "*/*", covers `type`.
function covers(documented: string, type: string): boolean {
  if (documented === "*/*") return true;
  if (documented.endsWith("/*")) return type.startsWith(documented.slice(0, -1));
  return documented === type;
}

/** Checks a real response against what the document says `method path` answers: its status, its media type, its JSON body. */
export async function conforms(method: string, template: string, res: Response): Promise<unknown> {
  const d = await doc();
  const op = d.paths[template]?.[method];
  expect(op, `${method} ${template} documented`).toBeDefined();
  const documented = op.responses[String(res.status)];
  expect(documented, `${method} ${template} → ${res.status} documented`).toBeDefined();
  if (!documented.content) {
    expect(await res.text(), `${method} ${template} → ${res.status} has no body`).toBe("");
    return null;
  }
  const type = mediaType(res.headers.get("content-type"));
  const types = Object.keys(documented.content);
  const match = types.find((t) => covers(t, type));
  expect(match, `${method} ${template} → ${res.status} served as ${type}, documented as ${types.join(", ")}`).toBeDefined();
  if (match !== "application/json") {
    await res.arrayBuffer();
    return null;
  }
  const body = await res.json();
  expect(validate(body, documented.content[match].schema, d.components.schemas), `${method} ${template} → ${res.status}`).toEqual([]);
  return body;
}
