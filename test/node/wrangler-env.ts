// The environment every `wrangler` the tests and benches run gets, as `npm start` sets it.
/**
 * No metrics, no fetching of Cloudflare's request metadata, plain output; and wrangler's
 * local trace collector off unless the caller turns it on, as `npm start` does (README):
 * it stores every invocation's spans on disk with no limit and costs each one CPU.
 */
export function wranglerEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    X_LOCAL_OBSERVABILITY: process.env.X_LOCAL_OBSERVABILITY ?? "false",
    CI: "true",
    NO_COLOR: "1",
  };
}
