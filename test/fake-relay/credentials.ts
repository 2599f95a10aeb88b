// The user and password the fake SMTP relay (server.ts) accepts; vitest.config.ts puts them in SMTP_URL.
export const RELAY_USER = "relay-user";
export const RELAY_PASS = "relay-pass";
