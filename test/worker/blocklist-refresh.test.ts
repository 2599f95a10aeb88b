// The isolate's blocklist copy is refreshed without one request ever awaiting another's
// refresh: a request that did would resume inside the other request's context, where the
// runtime refuses its I/O ("Cannot perform I/O on behalf of a different request"; a claim
// answered 500 once in 24,000 in the scale bench). Counted at the directory: callers that
// must wait each read for themselves; callers that may use a stale copy start one refresh.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { currentBlocklist, forgetBlocklist } from "../../src/blocklist";
import type { Env } from "../../src/env";

/** The env with a directory that counts its blocklist-version reads. */
function counting(): { env: Env; versionReads: () => number } {
  let reads = 0;
  const db = env.DIRECTORY;
  const directory = new Proxy(db, {
    get(target, key) {
      if (key === "prepare")
        return (sql: string) => {
          if (sql.includes("'blocklist_version'")) reads++;
          return target.prepare(sql);
        };
      const v = Reflect.get(target, key);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  // A copy a second old is stale: the refresh interval is 1 s.
  return { env: { ...env, DIRECTORY: directory, BLOCKLIST_REFRESH_SECONDS: "1" } as Env, versionReads: () => reads };
}

describe("refreshing the isolate's blocklist copy", () => {
  it("lets each caller that must wait read for itself, and starts one background refresh for callers that may not", async () => {
    forgetBlocklist();
    const c = counting();
    await currentBlocklist(c.env); // the copy: a first read (version and lists)
    await new Promise((r) => setTimeout(r, 1100));
    const before = c.versionReads();
    // Three address claims at once find it stale: none waits on another's read.
    await Promise.all([currentBlocklist(c.env), currentBlocklist(c.env), currentBlocklist(c.env)]);
    const waited = c.versionReads() - before;
    await new Promise((r) => setTimeout(r, 1100));
    // Three mails at once: the stale copy answers at once, one refresh runs in the background.
    const background: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => background.push(p), passThroughOnException() {} } as unknown as ExecutionContext;
    const mid = c.versionReads();
    const lists = await Promise.all([currentBlocklist(c.env, ctx), currentBlocklist(c.env, ctx), currentBlocklist(c.env, ctx)]);
    await Promise.all(background);
    forgetBlocklist();
    expect({ waited, background: background.length, backgroundReads: c.versionReads() - mid, answered: lists.length }).toEqual({
      waited: 3,
      background: 1,
      backgroundReads: 1,
      answered: 3,
    });
  });
});
