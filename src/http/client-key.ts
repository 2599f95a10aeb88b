// Who a request comes from, for per-client limits: the client IP Cloudflare
// reports (`cf-connecting-ip`), an IPv6 client by its /64 (one subscriber
// usually holds a whole /64, so single addresses would be free to rotate).
import { parseIpv4, parseIpv6 } from "../../objects/mailbox/ip-address";

/** What every request without `cf-connecting-ip` counts as (never the case behind Cloudflare). */
export const NO_CLIENT_IP = "no-client-ip";

export function clientKey(req: Request): string {
  const raw = req.headers.get("cf-connecting-ip")?.trim();
  if (!raw) return NO_CLIENT_IP;
  const v4 = parseIpv4(raw);
  if (v4) return v4.join(".");
  const v6 = parseIpv6(raw);
  if (v6) {
    // An IPv4-mapped address is that IPv4 client.
    if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) return [v6[6] >> 8, v6[6] & 255, v6[7] >> 8, v6[7] & 255].join(".");
    return `${v6
      .slice(0, 4)
      .map((g) => g.toString(16))
      .join(":")}::/64`;
  }
  // Not an IP (only local tools send such a header): keyed as given, bounded.
  return raw.toLowerCase().slice(0, 100);
}
