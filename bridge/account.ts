// Signing in a mail client: address + password (or a credential token) become
// an SDK client acting for that address. Every check is the API's own: wrong
// passwords are throttled by the mailbox, and the bridge adds no way around it.
import { addressOfToken, Pigeonhole, PigeonholeError } from "../client/sdk/index.ts";

export type SignIn =
  | { ok: true; client: Pigeonhole; address: string }
  | { ok: false; reason: "invalid" | "throttled" | "unavailable"; message: string };

/** A credential token (a JWT) rather than a password. */
function looksLikeToken(secret: string): boolean {
  return /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/.test(secret);
}

export async function signIn(api: string, user: string, secret: string): Promise<SignIn> {
  const address = user.trim().toLowerCase();
  const invalid: SignIn = { ok: false, reason: "invalid", message: "Wrong address or password." };
  if (!address.includes("@") || secret.length === 0) return invalid;
  try {
    if (looksLikeToken(secret)) {
      let named: string;
      try {
        named = addressOfToken(secret).toLowerCase();
      } catch {
        return invalid;
      }
      if (named !== address) return invalid;
      const client = new Pigeonhole({ baseUrl: api, token: secret, address });
      await client.meta(); // proves the credential is live
      return { ok: true, client, address };
    }
    const client = new Pigeonhole({ baseUrl: api });
    await client.login(address, secret);
    return { ok: true, client, address: client.address ?? address };
  } catch (err) {
    if (!(err instanceof PigeonholeError)) throw err;
    if (err.status === 429) return { ok: false, reason: "throttled", message: err.message };
    if (err.status === 400 || err.status === 401 || err.status === 403 || err.status === 404) return invalid;
    return { ok: false, reason: "unavailable", message: "The mail service cannot be reached; try again shortly." };
  }
}

/** The IMAP answer to a failed sign-in (RFC 5530 response codes). */
export function imapRefusal(result: Extract<SignIn, { ok: false }>): string {
  const code = result.reason === "invalid" ? "AUTHENTICATIONFAILED" : "UNAVAILABLE";
  return `[${code}] ${result.message}`;
}

/** Is this peer on the same machine (where a password in plain text never crosses a network)? */
export function isLoopback(remote: string | undefined): boolean {
  if (!remote) return false;
  return remote === "::1" || /^(::ffff:)?127\./.test(remote);
}
