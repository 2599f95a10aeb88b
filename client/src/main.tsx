// Entry: follow the URL fragment (share link, message link), mount the app,
// keep the tab title's unread count, and the keyboard (j/k, Enter, Delete).
import { effect } from "@preact/signals";
import { render } from "preact";
import { App, accountOpen, errorText } from "./app";
import { composing } from "./composing";
import { loadConfig } from "./config";
import { lang } from "./i18n";
import { closeMessage, deleteMessage, folder, markUnread, openId, openMessage, selectedId, shownMessages, unread } from "./inbox";
import { startRouting } from "./route";
import { showingDeliveries } from "./showing-deliveries";
import "./style.css";
import "./mail.css";

startRouting();

loadConfig();

effect(() => {
  document.documentElement.lang = lang.value === "zh" ? "zh-CN" : "en";
});

effect(() => {
  const n = unread.value;
  document.title = n > 0 ? `(${n}) Pigeonhole` : "Pigeonhole";
});

function move(step: number): void {
  const list = shownMessages.value;
  if (!list.length) return;
  const at = list.findIndex((m) => m.id === selectedId.value);
  const next = list[Math.max(0, Math.min(list.length - 1, at < 0 ? 0 : at + step))];
  selectedId.value = next.id;
  document.getElementById(`msg-${next.id}`)?.focus();
}

addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const target = e.target as HTMLElement;
  if (target.closest("input, textarea, select, [contenteditable]")) return;
  if (e.key === "Escape" && accountOpen.value) {
    accountOpen.value = false;
    document.querySelector<HTMLElement>('[data-testid="account"]')?.focus();
    return e.preventDefault();
  }
  // While a draft or the account panel is open, the list's keys would act on what is behind it
  // (Delete took the mail being answered); Cancel closes a draft, so Esc never loses one.
  if (composing.value !== null || accountOpen.value) return;
  if (e.key === "j") move(1);
  else if (e.key === "k") move(-1);
  else if (e.key === "Enter" && selectedId.value !== null && !target.closest("button, a")) openMessage(selectedId.value);
  else if (e.key === "Delete") {
    const id = openId.value ?? selectedId.value;
    if (id !== null) deleteMessage(id).catch((err: Error) => (errorText.value = err.message));
  } else if (e.key === "u" && folder.value !== "sent") {
    const id = openId.value ?? selectedId.value;
    if (id !== null) markUnread(id);
  } else if (e.key === "Escape") {
    closeMessage();
    showingDeliveries.value = false;
  } else return;
  e.preventDefault();
});

const root = document.getElementById("app");
if (root) render(<App />, root);
