// JSON bodies are counted while they stream in: a chunked body with no
// Content-Length stops being read at the 16 KB limit, not after the last byte.
import { describe, expect, it } from "vitest";
import { api, auth, claim } from "./helpers";

const CHUNK = 64 * 1024;
const CHUNKS = 1024; // 64 MiB if read to the end

/** A body of `CHUNKS` chunks, no Content-Length, counting how much of it the server pulled. */
function endlessJson() {
  let pulled = 0;
  const chunk = new TextEncoder().encode(" ".repeat(CHUNK));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= CHUNK * CHUNKS) return controller.close();
      pulled += CHUNK;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled: () => pulled };
}

describe("JSON request bodies", () => {
  it("stops reading a chunked body at the limit and answers 413", async () => {
    const { body, pulled } = endlessJson();
    const res = await api("/api/v1/addresses", { method: "POST", body, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
    expect((await res.json<any>()).error.code).toBe("too_large");
    // Well under a megabyte read of the 64 MiB on offer (before: all of it).
    expect(pulled()).toBeLessThan(1024 * 1024);
  });

  it("stops reading at the limit on an authenticated route too", async () => {
    const { address, token } = await claim();
    const { body, pulled } = endlessJson();
    const res = await api(`/api/v1/mailboxes/${address}/webhooks`, auth(token, { method: "POST", body }));
    expect(res.status).toBe(413);
    expect(pulled()).toBeLessThan(1024 * 1024);
  });

  it("still takes a chunked body under the limit", async () => {
    const text = JSON.stringify({ name: `chunked${Date.now().toString(36)}` });
    const bytes = new TextEncoder().encode(text);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3));
        controller.close();
      },
    });
    const res = await api("/api/v1/addresses", { method: "POST", body });
    expect(res.status).toBe(201);
    expect((await res.json<any>()).address).toMatch(/^chunked/);
  });
});
