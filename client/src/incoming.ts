// Credentials that arrive from outside (a share link's #token=, a pasted one):
// checked with the server before anything is saved, and one this browser
// already holds for the same address is replaced only when the user says so.
// Without this, any link carrying the victim's address would wipe their credential.
import { signal } from "@preact/signals";
import { addAddress, addresses, currentAddress } from "./inbox";
import type { SavedAddress } from "./saved";
import { clientFor, PigeonholeError } from "./service";

/** A checked credential for an address held here with another one: waiting for the user's answer. */
export const replaceOffer = signal<SavedAddress | null>(null);
/** Why the last share link was not taken. */
export const linkProblem = signal<"invalid" | "unreachable" | null>(null);

export type Received = "added" | "held" | "ask" | "invalid" | "unreachable";

export async function receiveCredential(incoming: SavedAddress): Promise<Received> {
  let checked: SavedAddress;
  try {
    // The mailbox's meta answers only to a credential the server signed and still honours.
    const meta = await clientFor(incoming).meta();
    checked = { ...incoming, expiresAt: meta.expiresAt };
  } catch (err) {
    const refused = err instanceof PigeonholeError && err.status >= 400 && err.status < 500 && err.status !== 429;
    return refused ? "invalid" : "unreachable";
  }
  const held = addresses.value.find((a) => a.address === checked.address);
  if (held?.token === checked.token) {
    currentAddress.value = held.address;
    return "held";
  }
  if (held) {
    replaceOffer.value = checked;
    return "ask";
  }
  addAddress(checked);
  return "added";
}

/** The user's answer to the offer: replace the saved credential, or keep it. */
export function answerReplace(replace: boolean): void {
  const offer = replaceOffer.value;
  replaceOffer.value = null;
  if (offer && replace) addAddress(offer);
}

/** A share link from the URL fragment; what went wrong is shown, nothing unchecked is saved. */
export async function receiveShareLink(incoming: SavedAddress | null): Promise<void> {
  linkProblem.value = null;
  const got = incoming ? await receiveCredential(incoming) : "invalid";
  if (got === "invalid" || got === "unreachable") linkProblem.value = got;
}
