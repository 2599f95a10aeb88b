// CORS: bearer tokens, no cookies, so any origin may call the API.

export const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Site-Password, X-Site-Token",
  "Access-Control-Expose-Headers": "Content-Disposition, Retry-After",
  "Access-Control-Max-Age": "86400",
};

export function withCors(res: Response): Response {
  // WebSocket upgrades and immutable responses cannot take new headers.
  if (res.status === 101 || res.webSocket) return res;
  const out = new Response(res.body, res);
  for (const [k, v] of Object.entries(CORS_HEADERS)) out.headers.set(k, v);
  return out;
}
