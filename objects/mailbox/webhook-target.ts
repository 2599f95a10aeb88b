// Webhook targets: which URLs one may point at, checked when added and again before every send, and a new one's secret.
// Without ALLOW_PRIVATE_WEBHOOKS no loopback, private or link-local host: the service must not become a proxy into them.
import { parseIpv4, parseIpv6 } from "./ip-address";
import type { Webhook } from "./notification-targets";

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** Why `raw` cannot be a webhook target, or null when it can. */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return `url is limited to ${MAX_WEBHOOK_URL_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "url is not a valid absolute URL.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "url must use http or https.";
  if (url.username || url.password) return "url must not contain credentials; use the signature to authenticate us.";
  if (allowPrivate) return null;
  // Every trailing dot goes ("127.0.0.1.." resolves like "127.0.0.1" in some resolvers).
  const host = url.hostname.toLowerCase().replace(/\.+$/, "");
  if (isInternalHost(host)) {
    return "url points at a private, loopback or link-local address; set ALLOW_PRIVATE_WEBHOOKS=true to allow that (local runs only).";
  }
  return null;
}

function isInternalHost(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (/\.(local|internal|lan|home|arpa)$/.test(host) || (!host.includes(".") && !host.startsWith("["))) return true;
  // WHATWG URL has already normalised 0x7f.1, 2130706433 and friends to dotted quads.
  const v4 = parseIpv4(host);
  if (v4) return isInternalV4(v4);
  if (host.startsWith("[")) {
    const v6 = parseIpv6(host.slice(1, -1));
    return v6 === null || isInternalV6(v6);
  }
  return false;
}

function isInternalV4([a, b]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    a >= 224 || // this-network, private, loopback, multicast/reserved
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local (cloud metadata lives here)
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) // benchmarking
  );
}

/** The IPv4 address in groups `i` and `i + 1`. */
function v4In(g: number[], i: number): number[] {
  return [g[i] >> 8, g[i] & 255, g[i + 1] >> 8, g[i + 1] & 255];
}

/** An IPv6 address that carries an IPv4 one is judged by that IPv4 address: a router may well deliver it there. */
function isInternalV6(g: number[]): boolean {
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  // ::a.b.c.d (compatible, which includes :: and ::1) and ::ffff:a.b.c.d (mapped)
  if (zero(0, 5) && (g[5] === 0 || g[5] === 0xffff)) return isInternalV4(v4In(g, 6));
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return isInternalV4(v4In(g, 6)); // ::ffff:0:a.b.c.d (translated)
  if (g[0] === 0x64 && g[1] === 0xff9b) {
    if (g[2] === 1) return true; // 64:ff9b:1::/48, for translators inside one network
    if (zero(2, 6)) return isInternalV4(v4In(g, 6)); // NAT64 64:ff9b::/96
  }
  if (g[0] === 0x2002) return isInternalV4(v4In(g, 1)); // 6to4
  if (g[0] === 0x2001 && g[1] === 0) return isInternalV4(v4In(g, 6).map((b) => b ^ 255)); // Teredo: the client, inverted
  return (
    (g[0] & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (g[0] & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (g[0] & 0xffc0) === 0xfec0 || // site-local fec0::/10 (deprecated, still routed inside some networks)
    (g[0] & 0xff00) === 0xff00 || // multicast
    (g[0] === 0x100 && zero(1, 4)) || // discard-only 100::/64
    (g[0] === 0x2001 && g[1] === 0xdb8) // documentation
  );
}

/** A new webhook with its signing secret: 32 random bytes, base64url, prefixed so it is recognisable. */
export function newWebhook(url: string, now = Date.now()): Webhook {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret =
    "whsec_" +
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
  return { id: crypto.randomUUID(), url, secret, createdAt: now };
}
