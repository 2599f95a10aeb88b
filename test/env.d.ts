// Types the test runtime's `env` and `exports` as this Worker's.
import type { Env as WorkerEnv } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {}
    interface GlobalProps {
      mainModule: typeof import("../src/index");
      durableNamespaces: "Mailbox" | "Keyring" | "RateLimiter" | "TelegramChat";
    }
  }
}
