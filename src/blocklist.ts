// The blocklist as inbound mail and address creation see it: compiled and kept
// per isolate, refreshed from the directory every BLOCKLIST_REFRESH_SECONDS
// (stale-while-revalidate), so the mail path reads no D1 row per mail. A
// directory that cannot be read blocks nothing: mail is never lost to an outage.
import { readConfig } from "./contract/config";
import { blocklistVersion, readBlocklist } from "./directory/blocklist";
import type { Env } from "./env";

/** Patterns compiled for lookup: exact values and `*@domain` in sets, other wildcards in one expression. */
export class PatternSet {
  private readonly exact = new Set<string>();
  private readonly domains = new Set<string>();
  private readonly wild: RegExp | null;

  constructor(patterns: string[]) {
    const globs: string[] = [];
    for (const p of patterns) {
      if (!p.includes("*")) this.exact.add(p);
      else if (p.startsWith("*@") && !p.slice(2).includes("*")) this.domains.add(p.slice(2));
      else globs.push(p.split("*").map(literal).join(".*"));
    }
    this.wild = globs.length > 0 ? new RegExp(`^(?:${globs.join("|")})$`) : null;
  }

  matches(value: string): boolean {
    const v = value.trim().toLowerCase();
    if (this.exact.has(v)) return true;
    const at = v.lastIndexOf("@");
    if (at >= 0 && this.domains.has(v.slice(at + 1))) return true;
    return this.wild?.test(v) ?? false;
  }
}

function literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface CompiledBlocklist {
  senders: PatternSet;
  names: PatternSet;
}

const EMPTY: CompiledBlocklist = { senders: new PatternSet([]), names: new PatternSet([]) };

let cache: { version: string; lists: CompiledBlocklist; checkedAt: number } | null = null;
/**
 * Whether a background refresh is under way: a flag, never a promise another request awaits. A
 * request that awaited another's refresh would resume inside that request's context, and the
 * runtime refuses what it does there ("Cannot perform I/O on behalf of a different request": a
 * claim answered 500 once in 24,000 under load).
 */
let refreshing = false;

async function refresh(env: Env): Promise<void> {
  try {
    if (cache && (await blocklistVersion(env)) === cache.version) {
      cache.checkedAt = Date.now();
      return;
    }
    const list = await readBlocklist(env);
    cache = {
      version: list.version,
      lists: { senders: new PatternSet(list.senders), names: new PatternSet(list.names) },
      checkedAt: Date.now(),
    };
  } catch (err) {
    console.error("blocklist refresh failed; keeping what this isolate has", err instanceof Error ? err.message : err);
    cache = { version: cache?.version ?? "", lists: cache?.lists ?? EMPTY, checkedAt: Date.now() };
  }
}

/**
 * The blocklist, at most BLOCKLIST_REFRESH_SECONDS stale. With `ctx`, a stale
 * copy is used at once and refreshed in the background (one refresh at a time);
 * without it, or in a new isolate, the caller refreshes it itself and waits.
 */
export async function currentBlocklist(env: Env, ctx?: ExecutionContext): Promise<CompiledBlocklist> {
  const maxAge = readConfig(env).blocklistRefreshSeconds * 1000;
  if (cache && Date.now() - cache.checkedAt < maxAge) return cache.lists;
  if (cache && ctx) {
    if (!refreshing) {
      refreshing = true;
      ctx.waitUntil(
        refresh(env).finally(() => {
          refreshing = false;
        }),
      );
    }
    return cache.lists;
  }
  await refresh(env);
  return cache?.lists ?? EMPTY;
}

/** This isolate takes a change at once (other isolates within BLOCKLIST_REFRESH_SECONDS). */
export function forgetBlocklist(): void {
  cache = null;
}
