// Starts a service for the bench, retrying when a port race makes wrangler
// exit at start (other processes on this machine pick free ports too).
import { type Service, type StartOptions, startService } from "../../test/node/service.ts";

export async function startWithRetry(opts: StartOptions = {}, attempts = 3): Promise<Service> {
  for (let i = 1; ; i++) {
    try {
      return await startService(opts);
    } catch (err) {
      if (i >= attempts || !/already in use|EADDRINUSE/i.test(String(err))) throw err;
    }
  }
}
