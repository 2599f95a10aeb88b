// A message's v1 summary as JSON text, made by SQLite from its `messages` row:
// the list reads 51 rows, and building each summary in JavaScript (parsing six
// JSON columns, cloning the objects out of the object, serialising them again)
// cost ~35 µs a row. The shape is summaryOf's (stored-message.ts), field by
// field; test/worker/summary-json.test.ts holds the two to the same output.
import { NO_AUTH } from "../../src/contract/delivery-log";

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The select list of one summary; the table is `messages`. */
export const SUMMARY_JSON = `json_object(
  'id', id,
  'folder', coalesce(folder, 'inbox'),
  'status', status,
  'statusReason', status_reason,
  'receivedAt', strftime('%Y-%m-%dT%H:%M:%fZ', received_at / 1000.0, 'unixepoch'),
  'from', json(coalesce(from_json, 'null')),
  'subject', subject,
  'snippet', snippet,
  'size', size,
  'tag', tag,
  'codes', json(codes_json),
  'attachmentCount', json_array_length(attachments_json),
  'parseError', parse_error,
  'seen', json(CASE WHEN seen = 1 THEN 'true' ELSE 'false' END),
  'auth', json(CASE WHEN auth_json IS NULL OR auth_json = '' THEN ${sqlText(JSON.stringify(NO_AUTH))} ELSE auth_json END)
)`;
