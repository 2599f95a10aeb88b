// The inbox list: newest first, unread marked, codes visible at a glance.
import { formatTime } from "./browser";
import { ConfirmButton } from "./confirm-button";
import { t } from "./i18n";
import { clearAll, messages, openId, openMessage, selectedId } from "./inbox";

export function MessageList({ onError }: { onError: (msg: string) => void }) {
  const list = messages.value;
  return (
    <section class="list" aria-label={t("messages")}>
      <div class="row listhead">
        <h2>{t("inbox")}</h2>
        <span class="muted small" aria-hidden="true">
          {list.length || ""}
        </span>
        <span class="spacer" />
        {list.length > 0 && (
          <ConfirmButton label={t("clearAll")} testid="clear-all" onConfirm={() => clearAll().catch((e: Error) => onError(e.message))} />
        )}
      </div>
      {list.length === 0 ? (
        <p class="empty muted" data-testid="empty">
          {t("empty")}
        </p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA listbox pattern (j/k move the selection, Enter opens) on a list
        <ul role="listbox" aria-label={t("messages")} data-testid="messages">
          {list.map((m) => {
            const unread = !m.seen;
            const code = m.codes.find((c) => c.kind === "code")?.value;
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
                onClick={() => openMessage(m.id)}
                onKeyDown={(e) => e.key === "Enter" && openMessage(m.id)}
              >
                <div class="row">
                  <span class="from">{m.from?.name || m.from?.address || "?"}</span>
                  <span class="spacer" />
                  <time class="muted small" dateTime={m.receivedAt}>
                    {formatTime(m.receivedAt)}
                  </time>
                </div>
                <div class="row">
                  <span class="subject">
                    {unread && <span class="sr-only">{t("unread")}: </span>}
                    {m.subject || t("noSubject")}
                  </span>
                  {code && <span class="chip">{code}</span>}
                </div>
                <div class="snippet muted small">{m.snippet}</div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
