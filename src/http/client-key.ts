// Who a request comes from, for per-client limits: the client IP Cloudflare
// reports (`cf-connecting-ip`), an IPv6 client by its /64 (one subscriber
// usually holds a whole /64, so single addresses would be free to rotate).

/** What every request without `cf-connecting-ip` counts as (never the case behind Cloudflare). */
export const NO_CLIENT_IP = "no-client-ip";

export function clientKey(req: Request): string {
  const raw = req.headers.get("cf-connecting-ip")?.trim();
  if (!raw) return NO_CLIENT_IP;
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(raw);
  if (v4) return v4[1];
  const v6 = ipv6Prefix64(raw);
  if (v6) return `${v6}::/64`;
  // Not an IP (only local tools send such a header): keyed as given, bounded.
  return raw.toLowerCase().slice(0, 100);
}

/** The first four groups of an IPv6 address, normalised; null when it is not one. */
function ipv6Prefix64(text: string): string | null {
  if (!text.includes(":") || !/^[0-9a-f:.]+$/i.test(text)) return null;
  const halves = text.toLowerCase().split("::");
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  // An embedded dotted IPv4 tail takes two groups' room.
  const width = [...head, ...tail].reduce((w, g) => w + (g.includes(".") ? 2 : 1), 0);
  if (halves.length === 1 ? width !== 8 : width > 7) return null;
  const all = [...head, ...Array(8 - width).fill("0"), ...tail];
  const first = all.slice(0, 4);
  if (!first.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return first.map((g) => parseInt(g, 16).toString(16)).join(":");
}
