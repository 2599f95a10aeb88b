// The browser's half of a passkey ceremony (navigator.credentials through @simplewebauthn/browser).
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from "@simplewebauthn/browser";

export const passkeysSupported = browserSupportsWebAuthn();

type Options = Record<string, unknown>;

/** Creates a passkey for the server's registration options; the credential as JSON for the server. */
export function createPasskey(options: Options) {
  return startRegistration({ optionsJSON: options as never });
}

/** Signs the server's challenge with a passkey this browser holds for the site. */
export function usePasskey(options: Options) {
  return startAuthentication({ optionsJSON: options as never });
}
