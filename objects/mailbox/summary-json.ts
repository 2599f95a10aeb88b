// A message's v1 summary and detail as JSON text, made by SQLite from its
// `messages` row (and `bodies` for the detail): building them in JavaScript
// (parsing the JSON columns, cloning the objects out of the object, serialising
// them again) cost ~35 µs a summary. The summary's shape is summaryOf's
// (stored-message.ts) and the detail's the API's, field by field;
// test/worker/summary-json.test.ts holds both to the same output.
import type { Delivery } from "../../src/contract/delivery";
import { NO_AUTH } from "../../src/contract/delivery-log";
import type { MessageFolder, SendStatus } from "../../src/contract/wire";

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The summary's members that never change once the mail is stored, as JSON text without the braces:
 * written at delivery (`summary_tail`), so a list of 50 neither quotes nor counts anything per row.
 * Key by key what the fallback below makes for mail stored before the column existed.
 */
export function summaryTail(d: Delivery, folder: MessageFolder): string {
  const tail = {
    receivedAt: new Date(d.receivedAt).toISOString(),
    from: d.from ?? null,
    subject: d.subject ?? null,
    snippet: d.snippet,
    size: d.size,
    tag: d.tag ?? null,
    codes: d.codes,
    attachmentCount: d.attachments.length,
    parseError: d.parseError ?? null,
    // sent mail carries no verdict (its auth_json is NULL)
    auth: folder === "sent" ? NO_AUTH : d.auth,
  };
  return JSON.stringify(tail).slice(1, -1);
}

/**
 * A just-stored message's summary as SUMMARY_JSON makes it from the row (not read back: the kept
 * first pages take it on top), from the same text written to `summary_tail`. A new row is unseen
 * and has no status reason.
 */
export function newSummaryJson(id: number, folder: MessageFolder, status: SendStatus | null, tail: string): string {
  return `{"id":${id},"folder":${JSON.stringify(folder)},"status":${JSON.stringify(status)},"statusReason":null,"seen":false,${tail}}`;
}

/**
 * The same members made from the columns, for mail stored before `summary_tail` (0011). The time is
 * `received_iso` (0010: filled in for older mail, and written at delivery until the tail made it
 * redundant), else made from `received_at`. Written out as text rather than with json_object():
 * the JSON columns hold what JSON.stringify wrote, and put in as they are they need no parsing,
 * which json() did for each of them on every row.
 */
const TAIL_FROM_COLUMNS = `'"receivedAt":"' || coalesce(received_iso, strftime('%Y-%m-%dT%H:%M:%fZ', received_at / 1000.0, 'unixepoch')) || '"' ||
  ',"from":' || coalesce(from_json, 'null') ||
  ',"subject":' || json_quote(subject) ||
  ',"snippet":' || json_quote(snippet) ||
  ',"size":' || size ||
  ',"tag":' || json_quote(tag) ||
  ',"codes":' || codes_json ||
  ',"attachmentCount":' || json_array_length(attachments_json) ||
  ',"parseError":' || json_quote(parse_error) ||
  ',"auth":' || CASE WHEN auth_json IS NULL OR auth_json = '' THEN ${sqlText(JSON.stringify(NO_AUTH))} ELSE auth_json END`;

/** Every member of a summary: the ones that change (folder, status, seen), then the tail; the table is `messages`. */
const SUMMARY_MEMBERS = `'"id":' || id ||
  ',"folder":' || json_quote(coalesce(folder, 'inbox')) ||
  ',"status":' || json_quote(status) ||
  ',"statusReason":' || json_quote(status_reason) ||
  ',"seen":' || CASE WHEN seen = 1 THEN 'true' ELSE 'false' END ||
  ',' || coalesce(summary_tail, ${TAIL_FROM_COLUMNS})`;

/** The select expression of one summary; the table is `messages`. */
export const SUMMARY_JSON = `('{' || ${SUMMARY_MEMBERS} || '}')`;

/**
 * The select expression of one detail: the summary's members and the rest; the table is `messages`,
 * the bodies looked up by its id in one subquery. Not a join: with `LEFT JOIN bodies` SQLite prepared
 * the statement again on every request (a tenth of a fetch's time in a profile).
 */
export const DETAIL_JSON = `('{' || ${SUMMARY_MEMBERS} ||
  ',"envelope":' || json_object('from', envelope_from, 'to', envelope_to) ||
  ',"messageId":' || json_quote(message_id) ||
  ',"to":' || to_json ||
  ',"cc":' || cc_json ||
  ',"replyTo":' || reply_to_json ||
  ',"date":' || json_quote(date) ||
  coalesce((SELECT ',"text":' || json_quote(text) || ',"html":' || json_quote(html) FROM bodies WHERE message_id = messages.id), ',"text":null,"html":null') ||
  ',"attachments":' || attachments_json ||
  ',"parser":' || json_quote(parser) ||
  ',"warnings":' || warnings_json ||
  ',"forwarded":' || coalesce(forwards_json, '[]') || '}')`;
