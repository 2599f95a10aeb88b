// `npm run test:load`: the load and fault suite, against real `wrangler dev`
// processes. Not part of `npm test` (it runs for minutes); .ci/run calls it after.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "load",
    include: ["test/load/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 180_000,
    // Each file starts its own service; two at once would only fight for 2 cores.
    fileParallelism: false,
  },
});
