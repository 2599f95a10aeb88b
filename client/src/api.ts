// The v1 HTTP API as the web inbox calls it: bearer credential, typed bodies, coded errors.
import type {
  CreateAddressRequest,
  CreateAddressResponse,
  ErrorBody,
  MailboxMeta,
  MessageDetail,
  PublicConfig,
} from "../../src/contract/wire";

/** An API error as the server described it (code from ErrorCode, or "network"). */
export class ClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
}

async function call(path: string, init: RequestInit = {}, token?: string): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  if (init.body) headers.set("content-type", "application/json");
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { ...init, headers });
  } catch (err) {
    throw new ClientError("network", String((err as Error)?.message ?? err));
  }
  if (res.ok) return res;
  let body: Partial<ErrorBody> = {};
  try {
    body = await res.json();
  } catch {
    // not JSON: fall through to a generic message
  }
  throw new ClientError(body.error?.code ?? "http", body.error?.message ?? `HTTP ${res.status}`, res.status);
}

const mbx = (address: string) => `/mailboxes/${encodeURIComponent(address)}`;

export const api = {
  config: async (): Promise<PublicConfig> => (await call("/config")).json(),
  create: async (req: CreateAddressRequest): Promise<CreateAddressResponse> =>
    (await call("/addresses", { method: "POST", body: JSON.stringify(req) })).json(),
  meta: async (address: string, token: string): Promise<MailboxMeta> => (await call(mbx(address), {}, token)).json(),
  destroy: async (address: string, token: string) => void (await call(mbx(address), { method: "DELETE" }, token)),
  message: async (address: string, token: string, id: number): Promise<MessageDetail> =>
    (await call(`${mbx(address)}/messages/${id}`, {}, token)).json(),
  deleteMessage: async (address: string, token: string, id: number) =>
    void (await call(`${mbx(address)}/messages/${id}`, { method: "DELETE" }, token)),
  clear: async (address: string, token: string) => void (await call(`${mbx(address)}/messages`, { method: "DELETE" }, token)),
  raw: async (address: string, token: string, id: number): Promise<Blob> =>
    (await call(`${mbx(address)}/messages/${id}/raw`, {}, token)).blob(),
  attachment: async (address: string, token: string, id: number, index: number): Promise<Blob> =>
    (await call(`${mbx(address)}/messages/${id}/attachments/${index}`, {}, token)).blob(),
};

/** The WebSocket URL for an address: token in the query (browsers cannot set headers). */
export function socketUrl(address: string, token: string, since: number): string {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  const q = new URLSearchParams({ since: String(since), token });
  return `${proto}//${location.host}/api/v1${mbx(address)}/ws?${q}`;
}
