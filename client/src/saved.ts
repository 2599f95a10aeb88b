// Addresses kept in this browser (localStorage), and credential parsing.

/** One address this browser holds the credential for. */
export interface SavedAddress {
  address: string;
  token: string;
  /** ISO 8601 */
  expiresAt: string;
}

const KEY = "pigeonhole.addresses";

function load<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function store(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // private mode or full: the session still works, it just is not remembered
  }
}

export function loadAddresses(): SavedAddress[] {
  const list = load<SavedAddress[]>(KEY, []);
  return Array.isArray(list) ? list.filter((a) => a && typeof a.address === "string" && typeof a.token === "string") : [];
}

export function saveAddresses(list: SavedAddress[]): void {
  store(KEY, list);
}

/**
 * Reads a credential from what a user pasted: the bare token, or a share
 * link whose fragment is `#token=…`. The address is the JWT's `sub`, read
 * unverified: nothing parsed here is saved before the server has accepted it
 * (incoming.ts).
 */
export function parseCredential(input: string): SavedAddress | null {
  const text = input.trim();
  const m = /(?:^|[#&?])token=([^&\s]+)/.exec(text);
  const token = m ? decodeURIComponent(m[1]) : text;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const json = atob(
      parts[1]
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(parts[1].length / 4) * 4, "="),
    );
    const payload = JSON.parse(json) as { sub?: unknown; exp?: unknown };
    if (typeof payload.sub !== "string" || !payload.sub.includes("@")) return null;
    const exp = typeof payload.exp === "number" ? new Date(payload.exp * 1000).toISOString() : "";
    return { address: payload.sub, token, expiresAt: exp };
  } catch {
    return null;
  }
}

/** A link that opens this address on another device; the credential stays in the fragment (never sent to a server). */
export function shareLink(saved: SavedAddress): string {
  return `${location.origin}/#token=${encodeURIComponent(saved.token)}`;
}
