// The API key itself: `ph_` + 36 random base62 characters (~214 bits) + a
// 6-character CRC-32 checksum, so logs and secret scanners can recognise one
// and a mistyped key is refused without a directory read. Only its SHA-256 is
// stored: a secret this random cannot be guessed from its hash, so a slow
// password hash would add cost per request and no safety.

export const KEY_PREFIX = "ph_";
const RANDOM_CHARS = 36;
const CHECK_CHARS = 6;
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SHAPE = new RegExp(`^${KEY_PREFIX}[0-9A-Za-z]{${RANDOM_CHARS + CHECK_CHARS}}$`);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function checksum(body: string): string {
  let n = crc32(body);
  let out = "";
  for (let i = 0; i < CHECK_CHARS; i++) {
    out = ALPHABET[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** A new key. Bytes of 248 and above are skipped so every character is equally likely. */
export function mintKey(): string {
  let body = "";
  while (body.length < RANDOM_CHARS) {
    for (const b of crypto.getRandomValues(new Uint8Array(RANDOM_CHARS))) {
      if (b < 248 && body.length < RANDOM_CHARS) body += ALPHABET[b % 62];
    }
  }
  return `${KEY_PREFIX}${body}${checksum(body)}`;
}

/** Whether a bearer token is meant as an API key (it may still be wrong). */
export function isKeyShaped(token: string): boolean {
  return token.startsWith(KEY_PREFIX);
}

/** Whether a key is well formed and its checksum holds. */
export function checksumHolds(key: string): boolean {
  if (!SHAPE.test(key)) return false;
  const body = key.slice(KEY_PREFIX.length, KEY_PREFIX.length + RANDOM_CHARS);
  return key.slice(-CHECK_CHARS) === checksum(body);
}

/** What the directory stores and looks a key up by: hex SHA-256 of the whole key. */
export async function keyHash(key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
