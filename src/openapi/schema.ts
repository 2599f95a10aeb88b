// Typed JSON Schemas for the wire types: an object schema must name exactly its TypeScript type's keys (tsc fails otherwise).

export interface JsonSchema {
  type?:
    | "string"
    | "integer"
    | "number"
    | "boolean"
    | "object"
    | "array"
    | "null"
    | ("string" | "integer" | "number" | "boolean" | "object" | "array" | "null")[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: (string | number | null)[];
  const?: string | number | boolean;
  oneOf?: JsonSchema[];
  $ref?: string;
  format?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

/** An object schema with exactly the keys of `T`; keys of `T` that may be absent go in `optional`. */
export function object<T>(
  properties: { [K in keyof T]-?: JsonSchema },
  optional: (keyof T & string)[] = [],
  description?: string,
): JsonSchema {
  const keys = Object.keys(properties);
  return {
    type: "object",
    ...(description ? { description } : {}),
    properties: properties as Record<string, JsonSchema>,
    required: keys.filter((k) => !optional.includes(k as keyof T & string)),
    additionalProperties: false,
  };
}

export const string = (extra: Partial<JsonSchema> = {}): JsonSchema => ({ type: "string", ...extra });
export const integer = (extra: Partial<JsonSchema> = {}): JsonSchema => ({ type: "integer", ...extra });
export const boolean = (): JsonSchema => ({ type: "boolean" });
export const dateTime = (): JsonSchema => ({ type: "string", format: "date-time" });
export const array = (items: JsonSchema): JsonSchema => ({ type: "array", items });
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const constant = (value: string): JsonSchema => ({ const: value });

/** `T | null`: a scalar type gains "null"; anything else becomes oneOf [schema, null]. */
export function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === "string" && !schema.$ref) return { ...schema, type: [schema.type, "null"] };
  return { oneOf: [schema, { type: "null" }] };
}
