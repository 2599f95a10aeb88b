// The bench's object floor (/api/bench/floor/{address}): one no-op call to a
// Mailbox, only where the deployment turns BENCH_FLOOR_ROUTE on, and never in
// the published API.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { api, BASE, claim, DOMAIN } from "./helpers";

describe("bench floor route", () => {
  it("is 404, with the usual error body, where the setting is off (the default)", async () => {
    const { address } = await claim();
    const res = await api(`/api/bench/floor/${address}`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBe("not_found");
  });

  it("is absent from /api/v1/openapi.json", async () => {
    const text = await (await api("/api/v1/openapi.json")).text();
    expect(text).not.toContain("/bench");
    expect(text).not.toContain("floor");
  });

  it("answers after one call to the mailbox's object when the setting is on, and stores nothing for a name never claimed", async () => {
    const on = { ...env, BENCH_FLOOR_ROUTE: "1" };
    const call = (address: string) =>
      worker.fetch!(new Request(`${BASE}/api/bench/floor/${address}`) as never, on as never, createExecutionContext());
    const { address } = await claim();
    const res = await call(address);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    // A name never claimed is reached too (the floor does not read the mailbox), and stays unclaimed.
    const stranger = `floor-${crypto.randomUUID().slice(0, 8)}@${DOMAIN}`;
    expect((await call(stranger)).status).toBe(200);
    const claimed = await api("/api/v1/addresses", { method: "POST", body: JSON.stringify({ name: stranger.split("@")[0] }) });
    expect(claimed.status).toBe(201);
  });
});
