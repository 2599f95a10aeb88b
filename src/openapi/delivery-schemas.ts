// The wire types of src/contract/delivery-log.ts as JSON Schemas: sender verdicts,
// the delivery log and blocked senders (docs/deliveries.md).
import type {
  BlockedSender,
  BlockedSenderList,
  BlockSenderRequest,
  DeliveryAttempt,
  DeliveryLog,
  DeliveryOutcome,
  DeliveryReason,
  MessageAuth,
  ParseVerdict,
} from "../contract/delivery-log";
import { array, dateTime, integer, type JsonSchema, nullable, object, ref, string } from "./schema";

const OUTCOMES: DeliveryOutcome[] = ["accepted", "junk", "rejected"];
const REASONS: DeliveryReason[] = ["blocked_sender", "blocked_by_deployment", "too_large", "mailbox_full", "young_mail", "dmarc_fail"];
const PARSES: ParseVerdict[] = ["ok", "fallback", "failed"];

const result = (method: string): JsonSchema =>
  nullable(
    string({
      description: `The ${method} result (pass, fail, softfail, neutral, none, temperror, permerror, policy…), or null when the receiving service's header gives none.`,
    }),
  );

export const deliverySchemas: Record<string, JsonSchema> = {
  MessageAuth: object<MessageAuth>(
    { spf: result("SPF"), dkim: result("DKIM"), dmarc: result("DMARC") },
    [],
    "Read from the topmost Authentication-Results header whose authserv-id is the receiving service's (AUTHSERV_ID); headers a sender wrote are ignored. All null for sent mail.",
  ),
  DeliveryAttempt: object<DeliveryAttempt>({
    id: integer({ minimum: 1 }),
    at: dateTime(),
    envelopeFrom: string(),
    size: integer({ minimum: 0 }),
    outcome: { type: "string", enum: OUTCOMES },
    reason: { type: ["string", "null"], enum: [...REASONS, null] },
    detail: nullable(string()),
    messageId: nullable(integer({ minimum: 1, description: "The stored message's id in this mailbox." })),
    parse: { type: ["string", "null"], enum: [...PARSES, null] },
  }),
  DeliveryLog: object<DeliveryLog>({ deliveries: array(ref("DeliveryAttempt")), keeps: integer({ minimum: 0 }) }),
  BlockedSender: object<BlockedSender>({
    sender: string(),
    kind: { type: "string", enum: ["address", "domain"] },
    createdAt: dateTime(),
  }),
  BlockSenderRequest: object<BlockSenderRequest>({
    sender: string({ minLength: 1, description: 'An address, or a domain as "example.com", "@example.com" or "*@example.com".' }),
  }),
  BlockedSenderList: object<BlockedSenderList>({ blockedSenders: array(ref("BlockedSender")), limit: integer({ minimum: 0 }) }),
};
