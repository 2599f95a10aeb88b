// A software authenticator for workerd tests: what a browser and a passkey
// would answer to WebAuthn options (P-256 keys, "none" attestation), so the
// server's passkey routes can be driven without a browser. Chromium's own
// virtual authenticator covers the real thing (test/node/web-passkeys.test.ts).
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

type Json = Record<string, any>;

const b64url = (bytes: Uint8Array) => isoBase64URL.fromBuffer(bytes as Uint8Array<ArrayBuffer>);
const utf8 = (s: string) => new TextEncoder().encode(s);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

function u32(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

/** WebCrypto signs ECDSA as r‖s; WebAuthn carries it as DER. */
function der(raw: Uint8Array): Uint8Array {
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.slice(i);
    return v[0] & 0x80 ? concat(new Uint8Array([0x02, v.length + 1, 0]), v) : concat(new Uint8Array([0x02, v.length]), v);
  };
  const body = concat(int(raw.slice(0, 32)), int(raw.slice(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
}

interface Key {
  pair: CryptoKeyPair;
  counter: number;
  userHandle: string;
}

export class SoftAuthenticator {
  readonly keys = new Map<string, Key>();

  constructor(private readonly origin: string) {}

  /** Answers navigator.credentials.create(options). */
  async create(options: Json, overrides: { origin?: string } = {}): Promise<Json> {
    const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const jwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, isoBase64URL.toBuffer(jwk.x as string)],
        [-3, isoBase64URL.toBuffer(jwk.y as string)],
      ]),
    );
    const id = crypto.getRandomValues(new Uint8Array(16));
    const rpIdHash = await sha256(utf8(options.rp.id));
    const authData = concat(rpIdHash, new Uint8Array([0x45]), u32(0), new Uint8Array(16), new Uint8Array([0, id.length]), id, cose);
    const clientData = utf8(
      JSON.stringify({
        type: "webauthn.create",
        challenge: options.challenge,
        origin: overrides.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
    const attestation = isoCBOR.encode(
      new Map<string, unknown>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]) as never,
    );
    this.keys.set(b64url(id), { pair, counter: 0, userHandle: options.user.id });
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
      response: { clientDataJSON: b64url(clientData), attestationObject: b64url(attestation), transports: ["internal"] },
    };
  }

  /** Answers navigator.credentials.get(options) with the key `id` (the first one held when not said). */
  async get(options: Json, id = [...this.keys.keys()][0], overrides: { origin?: string } = {}): Promise<Json> {
    const key = this.keys.get(id);
    if (!key) throw new Error(`no key ${id}`);
    key.counter++;
    const authData = concat(await sha256(utf8(options.rpId)), new Uint8Array([0x05]), u32(key.counter));
    const clientData = utf8(
      JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin: overrides.origin ?? this.origin, crossOrigin: false }),
    );
    const signed = concat(authData, await sha256(clientData));
    const raw = new Uint8Array(
      await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key.pair.privateKey, signed as Uint8Array<ArrayBuffer>),
    );
    return {
      id,
      rawId: id,
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(der(raw)),
        userHandle: key.userHandle,
      },
    };
  }
}
