// A message's v1 summary and detail as JSON text, made by SQLite from its
// `messages` row (and `bodies` for the detail): building them in JavaScript
// (parsing the JSON columns, cloning the objects out of the object, serialising
// them again) cost ~35 µs a summary. The shapes are summaryOf's and detailOf's
// (stored-message.ts), field by field; test/worker/summary-json.test.ts holds
// each pair to the same output.
import { NO_AUTH } from "../../src/contract/delivery-log";

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The select expression of one summary; the table is `messages`. Written out as text rather than
 * with json_object(): the JSON columns hold JSON that JSON.stringify wrote, and put in as they are
 * they need no parsing, which json() did for each of them on every row (~5 µs a summary).
 */
export const SUMMARY_JSON = `('{"id":' || id ||
  ',"folder":' || json_quote(coalesce(folder, 'inbox')) ||
  ',"status":' || json_quote(status) ||
  ',"statusReason":' || json_quote(status_reason) ||
  ',"receivedAt":"' || coalesce(received_iso, strftime('%Y-%m-%dT%H:%M:%fZ', received_at / 1000.0, 'unixepoch')) || '"' ||
  ',"from":' || coalesce(from_json, 'null') ||
  ',"subject":' || json_quote(subject) ||
  ',"snippet":' || json_quote(snippet) ||
  ',"size":' || size ||
  ',"tag":' || json_quote(tag) ||
  ',"codes":' || codes_json ||
  ',"attachmentCount":' || json_array_length(attachments_json) ||
  ',"parseError":' || json_quote(parse_error) ||
  ',"seen":' || CASE WHEN seen = 1 THEN 'true' ELSE 'false' END ||
  ',"auth":' || CASE WHEN auth_json IS NULL OR auth_json = '' THEN ${sqlText(JSON.stringify(NO_AUTH))} ELSE auth_json END || '}')`;

/**
 * The select expression of one detail: the summary and the rest; the table is `messages`, the
 * bodies looked up by its id in one subquery. Not a join: with `LEFT JOIN bodies` SQLite prepared
 * the statement again on every request (a tenth of a fetch's time in a profile).
 */
export const DETAIL_JSON = `(substr(${SUMMARY_JSON}, 1, length(${SUMMARY_JSON}) - 1) ||
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
