// The router Worker: inbound mail (`email`) and every HTTP route (`fetch`).
import type { Env } from "./env";
import { handleEmail } from "./inbound";
import { buildRouter } from "./router";

export { Keyring } from "../objects/keyring";
export { Mailbox } from "../objects/mailbox";
export { RateLimiter } from "../objects/rate-limiter";
export { TelegramChat } from "../objects/telegram-chat";

const router = buildRouter();

export default {
  fetch: (req, env, ctx) => router.fetch(req, env, ctx),
  email: (message, env, ctx) => handleEmail(message, env, ctx),
} satisfies ExportedHandler<Env>;
