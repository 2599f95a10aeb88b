// The typed Pigeonhole SDK: the v1 API over fetch and WebSocket, for Node (22+)
// and browsers alike, and the web inbox's own client. Types come from
// src/contract/wire.ts, never copied; imports carry `.ts` so Node runs it by stripping types.
export type * from "../../src/contract/accounts.ts";
export type * from "../../src/contract/agents.ts";
export type * from "../../src/contract/wire.ts";
export { type AccountOptions, PigeonholeAccount } from "./accounts.ts";
export { type AdminOptions, type Page, PigeonholeAdmin } from "./admin.ts";
export { type KeyOptions, PigeonholeKey } from "./api-key.ts";
export { addressOfToken, type ClientOptions, Pigeonhole, type WaitOptions } from "./client.ts";
export type { NextCodeOptions } from "./codes.ts";
export { PigeonholeError, TimeoutError } from "./errors.ts";
export type { KeyHolder } from "./key-holder.ts";
export type { LinkState, SubscribeOptions, Subscription } from "./live.ts";
