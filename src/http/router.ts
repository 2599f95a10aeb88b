// The router type every route module registers on, and the one that turns
// thrown errors into JSON (once, in `catch`) and adds CORS to API responses.
import { type IRequest, Router as IttyRouter, type RouterType } from "itty-router";
import type { Env } from "../env";
import { withCors } from "./cors";
import { errorResponse } from "./errors";

export type Router = RouterType<IRequest, [Env, ExecutionContext], Response>;

export function createRouter(): Router {
  return IttyRouter<IRequest, [Env, ExecutionContext], Response>({
    catch: (err) => errorResponse(err),
    finally: [(res: Response | undefined, req: IRequest) => (res && req.url.includes("/api/") ? withCors(res) : res)],
  });
}
