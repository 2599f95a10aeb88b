// Webhook targets: which URLs one may point at, checked when added and again before every send, and a new one's secret.
// Without ALLOW_PRIVATE_WEBHOOKS no loopback, private or link-local host: the service must not become a proxy into them.
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
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (isInternalHost(host)) {
    return "url points at a private, loopback or link-local address; set ALLOW_PRIVATE_WEBHOOKS=true to allow that (local runs only).";
  }
  return null;
}

function isInternalHost(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (/\.(local|internal|lan|home|arpa)$/.test(host) || (!host.includes(".") && !host.startsWith("["))) return true;
  // WHATWG URL has already normalised 0x7f.1, 2130706433 and friends to dotted quads.
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (v4) return isInternalV4(v4.slice(1).map(Number));
  if (host.startsWith("[")) return isInternalV6(host.slice(1, -1));
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

function isInternalV6(h: string): boolean {
  if (h === "::" || h === "::1") return true;
  // IPv4-mapped/compatible: ::ffff:a.b.c.d (URL prints it as ::ffff:7f00:1).
  const mapped = /^::(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
  if (mapped) {
    const hi = parseInt(mapped[1], 16);
    return isInternalV4([hi >> 8, hi & 255]);
  }
  const first = parseInt(h.split(":")[0] || "0", 16);
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xff00) === 0xff00 // multicast
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
