// Types the test runtime's `env` and `exports` as this Worker's.
import type { Env as WorkerEnv } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      /** schema/d1 as wrangler's readD1Migrations reads it (vitest.config.ts) */
      TEST_D1_MIGRATIONS: { name: string; queries: string[] }[];
    }
    interface GlobalProps {
      mainModule: typeof import("../src/index");
      durableNamespaces: "Mailbox" | "Keyring" | "RateLimiter" | "TelegramChat";
    }
  }
}
