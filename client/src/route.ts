// The URL fragment: share links (#token=) add an address once checked, message links (#/m/<address>/<id>) open a message.
// The open message is kept with replaceState, never pushed, so Back leaves the app and a reload keeps it open.
import { effect, signal, untracked } from "@preact/signals";
import { addresses, current, currentAddress, messages, openId, openMessage } from "./inbox";
import { receiveShareLink } from "./incoming";
import { isMessageHash, type MessageRoute, messageHash, parseMessageRoute } from "./links";
import { parseCredential } from "./saved";

/** A linked message waiting to arrive in the current inbox. */
const pending = signal<MessageRoute | null>(null);
/** A linked message whose address this browser holds no credential for. */
export const unknownRoute = signal<MessageRoute | null>(null);

function setHash(hash: string): void {
  history.replaceState(history.state, "", location.pathname + location.search + hash);
}

function applyHash(): void {
  const hash = location.hash;
  if (hash.includes("token=")) {
    // A share link carries the credential in the fragment, which never reaches a server; drop it from the bar at once.
    const saved = parseCredential(hash);
    setHash("");
    // Checked with the server before it is saved; a credential already held is replaced only if the user says so.
    void receiveShareLink(saved);
    return;
  }
  const route = parseMessageRoute(hash);
  if (!route) return;
  if (!addresses.value.some((a) => a.address === route.address)) {
    unknownRoute.value = route;
    return;
  }
  unknownRoute.value = null;
  // Switch first: follow() empties the inbox, so the wait below never matches the previous address's list.
  currentAddress.value = route.address;
  pending.value = route;
}

/** The user opened or created an address from the notice: if it is the linked one, its message opens. */
export function settleUnknownRoute(): void {
  const route = unknownRoute.value;
  unknownRoute.value = null;
  if (route && current.value?.address === route.address) pending.value = route;
}

export function dismissUnknownRoute(): void {
  unknownRoute.value = null;
}

export function startRouting(): void {
  applyHash();
  addEventListener("hashchange", applyHash);

  effect(() => {
    const want = pending.value;
    if (!want) return;
    const open = openId.value;
    // The user went elsewhere (another address, another message) before it arrived: stop waiting.
    if (current.value?.address !== want.address || (open !== null && open !== want.id)) {
      pending.value = null;
    } else if (messages.value.some((m) => m.id === want.id)) {
      pending.value = null;
      untracked(() => openMessage(want.id));
    }
  });

  effect(() => {
    const saved = current.value;
    const id = openId.value;
    // Keep the link in the bar while it is still being honoured.
    if (pending.value || unknownRoute.value) return;
    const want = saved && id !== null ? messageHash(saved.address, id) : "";
    if (want ? location.hash !== want : isMessageHash(location.hash)) setHash(want);
  });
}
