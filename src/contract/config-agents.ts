// Config of API keys (docs/agents.md): how many a user may hold, and each key's own quotas.

export interface AgentVars {
  API_KEYS_PER_USER?: string;
  /** addresses one key may create per API_KEY_CREATE_WINDOW_SECONDS; 0 turns the limit off */
  API_KEY_CREATE_LIMIT?: string;
  API_KEY_CREATE_WINDOW_SECONDS?: string;
  /** requests one key may make per API_KEY_REQUEST_WINDOW_SECONDS; 0 turns the limit off */
  API_KEY_REQUEST_LIMIT?: string;
  API_KEY_REQUEST_WINDOW_SECONDS?: string;
}

/** A fixed window: at most `limit` per `windowSeconds` (0: no limit). */
export interface WindowLimit {
  limit: number;
  windowSeconds: number;
}

export interface AgentPolicy {
  keysPerUser: number;
  creations: WindowLimit;
  requests: WindowLimit;
}

function int(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback;
}

export function readAgentPolicy(env: AgentVars): AgentPolicy {
  return {
    keysPerUser: int(env.API_KEYS_PER_USER, 10),
    creations: {
      limit: int(env.API_KEY_CREATE_LIMIT, 100),
      windowSeconds: Math.max(1, int(env.API_KEY_CREATE_WINDOW_SECONDS, 3600)),
    },
    requests: {
      limit: int(env.API_KEY_REQUEST_LIMIT, 600),
      windowSeconds: Math.max(1, int(env.API_KEY_REQUEST_WINDOW_SECONDS, 60)),
    },
  };
}
