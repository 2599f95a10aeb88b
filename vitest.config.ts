// Two projects: "worker" runs inside workerd (real Durable Objects and
// SQLite, via @cloudflare/vitest-plugin); "node" drives the running service
// from outside (browser, CLI, load) where a real process is needed.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig, type Plugin } from "vitest/config";
import { corpusDir, corpusFiles, corpusFound, corpusSkipNotice } from "./test/corpus-dir.ts";
import { RELAY_PASS, RELAY_USER } from "./test/fake-relay/credentials.ts";

/** The Bot API token and webhook secret the fake remote (test/fake-remote/) expects. */
const fakeCredentials = JSON.parse(readFileSync(resolve(import.meta.dirname, "test/fake-remote/credentials.json"), "utf8"));

/** schema/d1 as wrangler reads it: the directory test holds the Worker's own migrator to the same names and statements. */
const d1Migrations = await readD1Migrations(resolve(import.meta.dirname, "schema/d1"));

// Said once per run, here rather than in each test file that skips (vitest
// loads this file more than once in the same process, hence the global mark).
const noticeMark = Symbol.for("pigeonhole.corpusSkipNotice");
if (!corpusFound && !(globalThis as Record<symbol, unknown>)[noticeMark]) {
  (globalThis as Record<symbol, unknown>)[noticeMark] = true;
  console.log(corpusSkipNotice);
}

/** `.sql` files import as text, as wrangler's Text rule does in the Worker. */
function sqlText(): Plugin {
  return {
    name: "pigeonhole:sql-text",
    transform(code, id) {
      if (id.endsWith(".sql")) return { code: `export default ${JSON.stringify(code)};`, map: null };
    },
  };
}

/** `virtual:corpus` gives workerd tests the mail corpus from CORPUS_DIR (workerd has no fs); empty, with `corpusFound` false, when it is absent. */
function corpus(): Plugin {
  const id = "virtual:corpus";
  return {
    name: "pigeonhole:corpus",
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(loaded) {
      if (loaded !== `\0${id}`) return;
      const files = corpusFiles().map(({ name, raw }) => ({ name, base64: Buffer.from(raw).toString("base64") }));
      return `export default ${JSON.stringify(files)};\nexport const corpusFound = ${corpusFound};\nexport const corpusDir = ${JSON.stringify(corpusDir)};`;
    },
  };
}

/**
 * A workerd project: the Worker and its Durable Objects in the real runtime,
 * outside services as local fakes (globalSetup), short outbox timings so
 * retries are fast.
 */
function workerProject(name: string, include: string[], exclude: string[], isolate: boolean) {
  return {
    plugins: [
      sqlText(),
      corpus(),
      // Outside services (Telegram, webhook receivers) are a local fake
      // server started by globalSetup; short outbox timings keep retries fast.
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TELEGRAM_API_BASE: inject("fakeRemoteUrl"),
            TELEGRAM_BOT_TOKEN: fakeCredentials.botToken,
            TELEGRAM_WEBHOOK_SECRET: fakeCredentials.webhookSecret,
            ALLOW_PRIVATE_WEBHOOKS: "true",
            OUTBOX_MAX_ATTEMPTS: "12",
            OUTBOX_BACKOFF_BASE_MS: "50",
            OUTBOX_BACKOFF_MAX_MS: "400",
            OUTBOX_FETCH_TIMEOUT_MS: "300",
            // Sent mail goes to the real SMTP relay of test/fake-relay/ (globalSetup).
            SEND_TRANSPORT: "smtp",
            SMTP_URL: `smtp://${RELAY_USER}:${RELAY_PASS}@127.0.0.1:${inject("fakeRelayPort")}`,
            SMTP_TIMEOUT_MS: "2000",
            SEND_DAILY_QUOTA: "1000",
            SEND_RATE_PER_MINUTE: "0",
            MAX_SEND_BYTES: String(1024 * 1024),
            // The admin API is on; mail counts reach the directory within a second;
            // Turnstile (when a test turns it on) asks the fake.
            ADMIN_PASSWORD: fakeCredentials.adminPassword,
            STATS_FLUSH_SECONDS: "1",
            TURNSTILE_VERIFY_URL: `${inject("fakeRemoteUrl")}/turnstile/siteverify`,
            TEST_D1_MIGRATIONS: d1Migrations,
          },
        },
      })),
    ],
    test: {
      name,
      include,
      exclude,
      testTimeout: 60_000,
      isolate,
      globalSetup: ["./test/fake-remote/server.ts", "./test/fake-relay/server.ts"],
    },
  };
}

/**
 * Files that assert on deployment-wide totals (directory statistics): they get
 * a runtime of their own per file. The rest share one per worker (isolate:
 * false, about three times faster), so no test may assume a fresh deployment.
 */
const OWN_RUNTIME = ["test/worker/directory.test.ts", "test/worker/admin.test.ts"];

export default defineConfig({
  test: {
    projects: [
      workerProject("worker", ["test/worker/**/*.test.ts"], OWN_RUNTIME, false),
      workerProject("worker-own-runtime", OWN_RUNTIME, [], true),
      {
        // Runs in Node against `wrangler dev` processes (see test/node/service.ts).
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // expect.poll waits for a round trip through a real service and a browser: vitest's 1 s
          // default is the normal case with no margin on a loaded 2-core machine (a sign-up's new
          // owned address once took longer in CI); 10 s is the wide margin the guide asks for.
          expect: { poll: { timeout: 10_000 } },
          fileParallelism: false,
          // One service with default settings for the files that need nothing special.
          globalSetup: ["./test/node/shared-service-setup.ts"],
        },
      },
    ],
  },
});
