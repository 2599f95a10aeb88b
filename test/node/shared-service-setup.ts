// globalSetup of the node project: one `wrangler dev` with default settings,
// shared by every test file that needs nothing special (each start costs ~8 s).
import type { TestProject } from "vitest/node";
import { type Service, startService } from "./service";

let svc: Service | undefined;

export async function setup(project: TestProject): Promise<void> {
  svc = await startService();
  project.provide("sharedServiceUrl", svc.url);
}

export async function teardown(): Promise<void> {
  await svc?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    sharedServiceUrl: string;
  }
}
