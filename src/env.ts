// Env: everything the router Worker is given: the vars, and a binding for each Durable Object class.

import type { ObjectEnv } from "../objects/env";
import type { Keyring } from "../objects/keyring";
import type { Mailbox } from "../objects/mailbox";
import type { RateLimiter } from "../objects/rate-limiter";

export interface Env extends ObjectEnv {
  MAILBOX: DurableObjectNamespace<Mailbox>;
  KEYRING: DurableObjectNamespace<Keyring>;
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>;
}
