// The shared `wrangler dev` (test/node/shared-service-setup.ts) as a Service: tests
// that need their own settings call startService() instead. Stopping it is the setup's job.
import { inject } from "vitest";
import type { Service } from "./service";

export async function sharedService(): Promise<Service> {
  const url = inject("sharedServiceUrl");
  return {
    url,
    port: Number(new URL(url).port),
    persistDir: "",
    log: () => "(the shared service's log is not kept per test file)",
    stop: async () => {},
  };
}
