// The message deep link `#/m/<address>/<id>` (what Telegram pushes and webhooks carry): parsed and made; it never names a credential.

export interface MessageRoute {
  address: string;
  id: number;
}

const ROUTE = /^#\/m\/([^/?#]+)\/(\d{1,15})\/?$/;

export function parseMessageRoute(hash: string): MessageRoute | null {
  const m = ROUTE.exec(hash);
  if (!m) return null;
  let address: string;
  try {
    address = decodeURIComponent(m[1]).trim().toLowerCase();
  } catch {
    return null; // malformed percent-encoding
  }
  const id = Number(m[2]);
  return address.includes("@") && id > 0 ? { address, id } : null;
}

export function messageHash(address: string, id: number): string {
  return `#/m/${encodeURIComponent(address)}/${id}`;
}

export const isMessageHash = (hash: string) => hash.startsWith("#/m/");
