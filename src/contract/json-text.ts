// JsonText<T>: JSON text known to hold a T. A list is made as text where that is
// cheapest (the Mailbox's SQLite writes each summary) and goes out as the HTTP
// body untouched; only a caller that needs the objects parses it.
export type JsonText<T> = string & { readonly __holds?: T };

export const parseJsonText = <T>(text: JsonText<T>): T => JSON.parse(text) as T;
