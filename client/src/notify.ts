// Desktop notifications for new mail: off until the user turns them on (the
// browser asks once, on that click), and only while the tab is in the background.
import { signal } from "@preact/signals";
import type { MessageSummary } from "../../src/contract/wire";

const KEY = "pigeonhole.notify";
const supported = typeof Notification !== "undefined";

export const notifyOn = signal<boolean>(supported && Notification.permission === "granted" && localStorage.getItem(KEY) === "1");
export const notifySupported = supported;

export async function toggleNotify(): Promise<void> {
  if (!supported) return;
  if (notifyOn.value) {
    notifyOn.value = false;
    localStorage.setItem(KEY, "0");
    return;
  }
  const permission = Notification.permission === "default" ? await Notification.requestPermission() : Notification.permission;
  notifyOn.value = permission === "granted";
  localStorage.setItem(KEY, notifyOn.value ? "1" : "0");
}

export function notifyMail(m: MessageSummary): void {
  if (!notifyOn.value || document.visibilityState === "visible") return;
  try {
    const who = m.from?.name || m.from?.address || "";
    const code = m.codes.find((c) => c.kind === "code")?.value;
    new Notification(m.subject || who || "New mail", { body: code ? `${code} · ${who}` : who, tag: `pigeonhole-${m.id}` });
  } catch {
    // some platforms only allow notifications from a service worker
  }
}
