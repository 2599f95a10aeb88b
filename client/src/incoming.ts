// Credentials that arrive from outside (a share link's #token=, a pasted one):
// checked with the server before anything is saved, and one this browser
// already holds for the same address is replaced only when the user says so.
// Without this, any link carrying the victim's address would wipe their credential.
// A link's new address is asked about too: a link in a mail can carry the sender's
// own credential, and a reader switched to it unawares would sign up somewhere with
// an inbox the sender reads.
import { signal } from "@preact/signals";
import { addAddress, addresses, currentAddress } from "./inbox";
import type { SavedAddress } from "./saved";
import { clientFor, PigeonholeError } from "./service";

/** A checked credential waiting for the user's answer: for an address held here with another one (`held`), or a link's new one. */
export const linkOffer = signal<{ saved: SavedAddress; held: boolean } | null>(null);
/** Why the last share link was not taken. */
export const linkProblem = signal<"invalid" | "unreachable" | null>(null);

export type Received = "added" | "held" | "ask" | "invalid" | "unreachable";

/** `fromLink`: it came in a link, not typed or pasted here, so a new address is asked about too. */
export async function receiveCredential(incoming: SavedAddress, fromLink = false): Promise<Received> {
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
  if (held || fromLink) {
    linkOffer.value = { saved: checked, held: held !== undefined };
    return "ask";
  }
  addAddress(checked);
  return "added";
}

/** The user's answer to the offer: take the credential (replacing a saved one), or leave things as they are. */
export function answerOffer(take: boolean): void {
  const offer = linkOffer.value;
  linkOffer.value = null;
  if (offer && take) addAddress(offer.saved);
}

/** A share link from the URL fragment; what went wrong is shown, nothing unchecked is saved. */
export async function receiveShareLink(incoming: SavedAddress | null): Promise<void> {
  linkProblem.value = null;
  const got = incoming ? await receiveCredential(incoming, true) : "invalid";
  if (got === "invalid" || got === "unreachable") linkProblem.value = got;
}
