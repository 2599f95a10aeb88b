// A small JSON Schema validator for the subset src/openapi/schema.ts writes
// (type, properties, required, additionalProperties, items, enum, const,
// oneOf, $ref, format date-time/email, minimum, minLength).
import type { JsonSchema } from "../../src/openapi/schema";

export type Components = Record<string, JsonSchema>;

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** Every place `value` disagrees with `schema`; empty when it conforms. */
export function validate(value: unknown, schema: JsonSchema, components: Components, path = "$"): string[] {
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = components[name];
    if (!target) return [`${path}: unresolved ${schema.$ref}`];
    return validate(value, target, components, path);
  }
  if (schema.oneOf) {
    const matches = schema.oneOf.filter((s) => validate(value, s, components, path).length === 0).length;
    return matches === 1 ? [] : [`${path}: matches ${matches} of oneOf, not exactly 1 (${JSON.stringify(value)?.slice(0, 120)})`];
  }
  const errors: string[] = [];
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const t = typeOf(value);
    if (!types.includes(t as never) && !(t === "integer" && types.includes("number"))) {
      return [`${path}: expected ${types.join("|")}, got ${t}`];
    }
  }
  if (schema.const !== undefined && value !== schema.const) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value as never)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${path}: too short`);
    if (schema.format === "date-time" && Number.isNaN(Date.parse(value))) errors.push(`${path}: not a date-time`);
    if (schema.format === "email" && !/^[^@\s]+@[^@\s]+$/.test(value)) errors.push(`${path}: not an email`);
  }
  if (typeof value === "number" && schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: below minimum`);
  if (Array.isArray(value) && schema.items) {
    for (const [i, item] of value.entries()) errors.push(...validate(item, schema.items, components, `${path}[${i}]`));
  }
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) errors.push(`${path}.${key}: missing`);
    for (const [key, v] of Object.entries(obj)) {
      const sub = schema.properties?.[key];
      if (sub) errors.push(...validate(v, sub, components, `${path}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}.${key}: not in the schema`);
    }
  }
  return errors;
}
