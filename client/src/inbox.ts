// The app's state: saved addresses, the current one's live inbox, junk and sent mail (with its
// status), read marks (kept by the mailbox itself), connection state and unread count, as Preact signals.
import { computed, effect, signal, untracked } from "@preact/signals";
import type { MessageSummary, ServerFrame } from "../../src/contract/wire";
import type { LinkState, Subscription } from "../sdk/index.ts";
import { parseMessageRoute } from "./links";
import { notifyMail } from "./notify";
import { loadAddresses, type SavedAddress, saveAddresses } from "./saved";
import { clientFor, PigeonholeError, siteToken } from "./service";

export type Connection = LinkState | "ended" | "refused";

export const addresses = signal<SavedAddress[]>(loadAddresses());
const CURRENT_KEY = "pigeonhole.current";
// A message link picks the address to start on (if held here), so we never connect to another one first.
const remembered = parseMessageRoute(location.hash)?.address ?? localStorage.getItem(CURRENT_KEY);
export const currentAddress = signal<string | null>(
  addresses.value.find((a) => a.address === remembered)?.address ?? addresses.value[0]?.address ?? null,
);
export const current = computed(() => addresses.value.find((a) => a.address === currentAddress.value) ?? null);
export const messages = signal<MessageSummary[]>([]);
/** Sent mail, newest first; `status` frames keep each one's status current. */
export const sentMessages = signal<MessageSummary[]>([]);
/** Arrived mail that failed DMARC (JUNK_ON_DMARC_FAIL), newest first: listed apart, never notified. */
export const junkMessages = signal<MessageSummary[]>([]);
export type Folder = "inbox" | "sent" | "junk";
export const folder = signal<Folder>("inbox");
const FOLDERS = { inbox: messages, sent: sentMessages, junk: junkMessages };
/** The list on screen: the inbox, the sent folder or junk. */
export const shownMessages = computed(() => FOLDERS[folder.value].value);
export const connection = signal<Connection>("closed");
export const openId = signal<number | null>(null);
export const selectedId = signal<number | null>(null);
export const unread = computed(() => messages.value.filter((m) => !m.seen).length);

let live: Subscription | null = null;
/** Highest id held: the `since=` a reconnect resumes from. */
let maxId = 0;
/** Mail up to this id was already there when we first connected: no desktop notification for it. */
let seenAtStart: number | null = null;
let arriving: MessageSummary[] = [];
let flushTimer: ReturnType<typeof setTimeout> | undefined;

/** Adds arrived mail in one render: a replay of hundreds of mails is one update, not hundreds. */
function flushArriving(): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  if (!arriving.length) return;
  // Dedupe by id: a replay after a reconnect may repeat what we already hold.
  const held = new Set([...messages.value, ...sentMessages.value, ...junkMessages.value].map((m) => m.id));
  const fresh = arriving.filter((m) => !held.has(m.id) && held.add(m.id));
  arriving = [];
  for (const box of ["sent", "junk"] as const) {
    const more = fresh.filter((m) => m.folder === box);
    if (more.length) FOLDERS[box].value = [...more, ...FOLDERS[box].value].sort((a, b) => b.id - a.id);
  }
  const inbox = fresh.filter((m) => m.folder === "inbox");
  if (!inbox.length) return;
  messages.value = [...inbox, ...messages.value].sort((a, b) => b.id - a.id);
  for (const m of inbox) if (seenAtStart !== null && m.id > seenAtStart && !m.seen) notifyMail(m);
}

function applyFrame(frame: ServerFrame): void {
  if (frame.type === "message") {
    maxId = Math.max(maxId, frame.message.id);
    arriving.push(frame.message);
    flushTimer ??= setTimeout(flushArriving, 0);
    return;
  }
  flushArriving(); // keep frame order: a deletion may follow the mail it deletes
  switch (frame.type) {
    case "hello":
      seenAtStart ??= frame.latestId;
      break;
    case "deleted":
      removeLocal(frame.id);
      break;
    case "seen":
      setSeenLocal(frame.id, frame.seen);
      break;
    case "cleared":
      emptyFolders();
      openId.value = null;
      break;
    case "status":
      sentMessages.value = sentMessages.value.map((m) =>
        m.id === frame.id ? { ...m, status: frame.status, statusReason: frame.statusReason } : m,
      );
      break;
    case "expired":
      connection.value = "ended";
      break;
  }
}

/** Read marks live in the mailbox: another tab, the mail.tm API or a mail client may change them too. */
function setSeenLocal(id: number, seen: boolean): void {
  for (const box of Object.values(FOLDERS)) {
    if (box.value.some((m) => m.id === id && m.seen !== seen)) box.value = box.value.map((m) => (m.id === id ? { ...m, seen } : m));
  }
}

function emptyFolders(): void {
  for (const box of Object.values(FOLDERS)) box.value = [];
}

function removeLocal(id: number): void {
  for (const box of Object.values(FOLDERS)) box.value = box.value.filter((m) => m.id !== id);
  if (openId.value === id) openId.value = null;
  if (selectedId.value === id) selectedId.value = messages.value[0]?.id ?? null;
}

/** (Re)connects whenever the current address changes, or a private site's token does (and only then). */
effect(() => {
  const saved = current.value;
  void siteToken.value;
  untracked(() => follow(saved));
});

function follow(saved: SavedAddress | null): void {
  if (saved) localStorage.setItem(CURRENT_KEY, saved.address);
  live?.close();
  live = null;
  emptyFolders();
  folder.value = "inbox";
  openId.value = null;
  selectedId.value = null;
  maxId = 0;
  seenAtStart = null;
  arriving = [];
  clearTimeout(flushTimer);
  flushTimer = undefined;
  if (!saved) {
    connection.value = "closed";
    return;
  }
  // A new credential for an address whose old one was refused (signed out everywhere here) starts afresh.
  connection.value = "connecting";
  const client = clientFor(saved);
  live = client.subscribe({
    since: () => maxId,
    onFrame: applyFrame,
    onState: (s: LinkState) => {
      if (connection.value !== "ended" && connection.value !== "refused") connection.value = s;
    },
    onEnd: () => (connection.value = "ended"),
    // Signed out everywhere from another device: this credential is dead.
    onRevoked: () => (connection.value = "refused"),
    onStalled: () => {
      client.meta().catch((err) => {
        if (err instanceof PigeonholeError && (err.status === 401 || err.status === 403)) {
          live?.close();
          connection.value = "refused";
        }
      });
    },
  });
}

// A tab coming back, or the network returning, reconnects at once rather than after the backoff.
addEventListener("online", () => live?.reconnect());
addEventListener("visibilitychange", () => document.visibilityState === "visible" && live?.reconnect());

export function addAddress(saved: SavedAddress): void {
  const rest = addresses.value.filter((a) => a.address !== saved.address);
  addresses.value = [saved, ...rest];
  saveAddresses(addresses.value);
  currentAddress.value = saved.address;
}

export function forgetAddress(address: string): void {
  addresses.value = addresses.value.filter((a) => a.address !== address);
  saveAddresses(addresses.value);
  if (currentAddress.value === address) currentAddress.value = addresses.value[0]?.address ?? null;
}

/** Shown read or unread at once; the mailbox is told, and its `seen` frame confirms it to every other client. */
export function markSeen(id: number, seen: boolean): void {
  const saved = current.value;
  if (!saved || messages.value.find((m) => m.id === id)?.seen !== !seen) return;
  setSeenLocal(id, seen);
  clientFor(saved)
    .markSeen(id, seen)
    .catch(() => {
      // gone meanwhile, or offline: the next replay after a reconnect says what the mailbox holds
    });
}

export function openMessage(id: number): void {
  selectedId.value = id;
  openId.value = id;
  markSeen(id, true);
}

/** Closes the open message; focus goes back to the row it was opened from, not to the page. */
export function closeMessage(): void {
  const closing = openId.value;
  openId.value = null;
  if (closing !== null) requestAnimationFrame(() => document.getElementById(`msg-${closing}`)?.focus());
}

/** Marks a received mail unread and closes it, as a reminder to come back to it. */
export function markUnread(id: number): void {
  markSeen(id, false);
  if (openId.value === id) closeMessage();
}

export async function deleteMessage(id: number): Promise<void> {
  const saved = current.value;
  if (!saved) return;
  await clientFor(saved).delete(id);
  removeLocal(id);
}

export async function clearAll(): Promise<void> {
  const saved = current.value;
  if (!saved) return;
  await clientFor(saved).clear();
  emptyFolders();
  openId.value = null;
}

export async function destroyAddress(): Promise<void> {
  const saved = current.value;
  if (!saved) return;
  try {
    await clientFor(saved).destroy();
  } catch (err) {
    // Already gone on the server: forgetting it here is still what the user asked.
    if (!(err instanceof PigeonholeError && (err.status === 401 || err.status === 404))) throw err;
  }
  forgetAddress(saved.address);
}

/** Reconnect at once instead of waiting out the backoff (the "retry" button). */
export function retryNow(): void {
  live?.reconnect();
}
