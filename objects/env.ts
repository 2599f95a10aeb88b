// What the Durable Objects are given by the runtime: the deployment's vars and the bindings they call.
import type { ConfigVars } from "../src/contract/config-vars";
import type { TelegramChat } from "./telegram-chat";

export interface ObjectEnv extends ConfigVars {
  TELEGRAM_CHAT: DurableObjectNamespace<TelegramChat>;
  /** Cloudflare Email Service (`[[send_email]]` in wrangler.toml), for SEND_TRANSPORT=binding */
  EMAIL?: SendEmail;
  /** the D1 directory (objects/directory/), written through each mailbox's outbox */
  DIRECTORY: D1Database;
}
