// The list: the inbox (newest first, unread marked, codes visible at a glance, failed sender
// checks flagged), junk, or the sent folder (each message's live status); compose from here.
import { failedCheck } from "./auth-badge";
import { formatTime } from "./browser";
import { composing } from "./composing";
import { ConfirmButton } from "./confirm-button";
import { t } from "./i18n";
import "./sending.css";
import {
  clearAll,
  type Folder,
  folder,
  junkMessages,
  messages,
  openId,
  openMessage,
  selectedId,
  sentMessages,
  shownMessages,
} from "./inbox";

const STATUS_KEY = { queued: "queued", sent: "statusSent", failed: "failed" } as const;

const EMPTY = { inbox: "empty", sent: "sentEmpty", junk: "junkEmpty" } as const;

function FolderTab({ name, count }: { name: Folder; count: number }) {
  return (
    <button
      type="button"
      class="tab"
      aria-pressed={folder.value === name}
      onClick={() => {
        folder.value = name;
        openId.value = null;
        selectedId.value = null;
      }}
      data-testid={`folder-${name}`}
    >
      {t(name)}
      {count > 0 && <span class="muted small"> {count}</span>}
    </button>
  );
}

export function MessageList({ onError }: { onError: (msg: string) => void }) {
  const list = shownMessages.value;
  const inSent = folder.value === "sent";
  return (
    <section class="list" aria-label={t("messages")}>
      <div class="row wrap listhead">
        {/* biome-ignore lint/a11y/useSemanticElements: two toggle buttons choosing a folder, not a form */}
        <div class="row" role="group" aria-label={t("messages")}>
          <FolderTab name="inbox" count={messages.value.length} />
          <FolderTab name="junk" count={junkMessages.value.length} />
          <FolderTab name="sent" count={sentMessages.value.length} />
        </div>
        <span class="spacer" />
        <button type="button" class="primary" onClick={() => (composing.value = { mode: "new" })} data-testid="compose-new">
          {t("compose")}
        </button>
        {list.length > 0 && !inSent && (
          <ConfirmButton label={t("clearAll")} testid="clear-all" onConfirm={() => clearAll().catch((e: Error) => onError(e.message))} />
        )}
      </div>
      {list.length === 0 ? (
        <p class="empty muted" data-testid="empty">
          {t(EMPTY[folder.value])}
        </p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA listbox pattern (j/k move the selection, Enter opens) on a list
        <ul role="listbox" aria-label={t(folder.value === "inbox" ? "messages" : folder.value)} data-testid="messages">
          {list.map((m) => {
            const unread = !inSent && !m.seen;
            const code = m.codes.find((c) => c.kind === "code")?.value;
            const failed = inSent ? null : failedCheck(m.auth);
            const selected = selectedId.value === m.id;
            return (
              <li
                key={m.id}
                id={`msg-${m.id}`}
                // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: options of the listbox above
                role="option"
                aria-selected={selected}
                tabIndex={selected || (selectedId.value === null && m === list[0]) ? 0 : -1}
                class={`item ${unread ? "unread" : ""} ${openId.value === m.id ? "open" : ""} ${selected ? "selected" : ""}`}
                data-id={m.id}
                data-status={m.status ?? undefined}
                onClick={() => openMessage(m.id)}
                onKeyDown={(e) => e.key === "Enter" && openMessage(m.id)}
              >
                <div class="row">
                  <span class="from">{inSent ? m.subject || t("noSubject") : m.from?.name || m.from?.address || "?"}</span>
                  <span class="spacer" />
                  <time class="muted small" dateTime={m.receivedAt}>
                    {formatTime(m.receivedAt)}
                  </time>
                </div>
                <div class="row">
                  {inSent ? (
                    <span class={`chip status-${m.status}`} title={m.statusReason ?? undefined} data-testid="send-status">
                      {m.status ? t(STATUS_KEY[m.status]) : ""}
                    </span>
                  ) : (
                    <span class="subject">
                      {unread && <span class="sr-only">{t("unread")}: </span>}
                      {m.subject || t("noSubject")}
                    </span>
                  )}
                  {failed && (
                    <span class="chip auth-fail" data-testid="auth-warning">
                      {failed} fail
                    </span>
                  )}
                  {code && <span class="chip">{code}</span>}
                </div>
                <div class="snippet muted small">{inSent && m.status === "failed" ? m.statusReason : m.snippet}</div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
