// The wire types of src/contract/agents.ts as JSON Schemas: API keys, what a key
// has left, addresses a key creates, and fresh codes (docs/agents.md).
import type {
  ApiKeyInfo,
  ApiKeyList,
  ApiKeyScope,
  ApiKeyStatus,
  CreateApiKeyRequest,
  CreatedApiKey,
  KeyCreatedAddress,
  KeyQuota,
  NextCode,
} from "../contract/agents";
import { array, dateTime, integer, type JsonSchema, nullable, object, ref, string } from "./schema";

const SCOPES: ApiKeyScope[] = ["addresses:create", "addresses:read", "send"];
const scope: JsonSchema = { type: "string", enum: SCOPES };

export const agentSchemas: Record<string, JsonSchema> = {
  CreateApiKeyRequest: object<CreateApiKeyRequest>(
    {
      name: string({ minLength: 1, description: "1 to 64 characters, to tell keys apart." }),
      scopes: { ...array(scope), description: "Every scope when absent or empty." },
      expiresAt: nullable(dateTime()),
    },
    ["scopes", "expiresAt"],
  ),
  CreatedApiKey: object<CreatedApiKey>(
    { id: string(), key: string({ description: "The `ph_…` key: shown this once, stored only as a hash." }) },
    [],
    "The one answer that carries the secret.",
  ),
  ApiKeyInfo: object<ApiKeyInfo>({
    id: string(),
    name: string(),
    hint: string({ description: "The key's last four characters." }),
    scopes: array(scope),
    user: { type: "boolean", description: "false for a deployment key (the admin's)." },
    createdAt: dateTime(),
    expiresAt: nullable(dateTime()),
    lastUsedAt: { ...nullable(dateTime()), description: "When the key last authenticated, to the minute; null: never." },
  }),
  ApiKeyList: object<ApiKeyList>({
    keys: array(ref("ApiKeyInfo")),
    limit: integer({ minimum: 0, description: "How many keys one account may hold (API_KEYS_PER_USER)." }),
  }),
  KeyQuota: object<KeyQuota>(
    {
      limit: integer({ minimum: 0, description: "0: this quota is off." }),
      remaining: integer({ minimum: 0 }),
      windowSeconds: integer({ minimum: 1 }),
      resetSeconds: integer({ minimum: 0, description: "Seconds until the window ends and `remaining` is `limit` again." }),
    },
    [],
  ),
  ApiKeyStatus: object<ApiKeyStatus>({
    key: ref("ApiKeyInfo"),
    creations: ref("KeyQuota"),
    requests: ref("KeyQuota"),
  }),
  KeyCreatedAddress: object<KeyCreatedAddress>(
    { address: string(), expiresAt: dateTime(), keyId: string({ description: "The key that created it, and opens it." }) },
    [],
    "An address created with an API key: no credential of its own, the key opens it.",
  ),
  NextCode: object<NextCode>({
    id: integer({ minimum: 1, description: "The message's id in the mailbox: pass it as `after` to wait for the next one." }),
    messageId: nullable(string({ description: "The message's RFC 5322 Message-ID." })),
    code: nullable(string({ description: "The first code in the message; null when it carries only a link." })),
    link: nullable(string({ description: "The first one-time link, or null." })),
    receivedAt: dateTime(),
  }),
};
