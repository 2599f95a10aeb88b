// One message: headers, codes and links on top, HTML or text, attachments, raw, delete.
import { useEffect, useRef, useState } from "preact/hooks";
import type { MailAddress, MessageDetail } from "../../src/contract/wire";
import { AuthBadge } from "./auth-badge";
import { formatSize, formatTime, saveBlob } from "./browser";
import { composing } from "./composing";
import { CopyButton } from "./copy-button";
import { t } from "./i18n";
import { closeMessage, current, deleteMessage, markUnread, openId } from "./inbox";
import { MailFrame } from "./mail-frame";
import { clientFor } from "./service";

function who(list: MailAddress[]): string {
  return list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(", ");
}

/** Plain text with bare http(s) links made clickable (text stays text: Preact escapes it). */
function Linked({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"']+)/g);
  return (
    <pre class="plain" data-testid="text-body">
      {parts.map((p, i) =>
        i % 2 ? (
          <a key={i} href={p} target="_blank" rel="noopener noreferrer">
            {p}
          </a>
        ) : (
          p
        ),
      )}
    </pre>
  );
}

export function MessageView({ onError }: { onError: (msg: string) => void }) {
  const id = openId.value;
  const saved = current.value;
  const [msg, setMsg] = useState<MessageDetail | null>(null);
  const [mode, setMode] = useState<"html" | "text">("html");

  useEffect(() => {
    setMsg(null);
    if (id === null || !saved) return;
    let live = true;
    clientFor(saved)
      .get(id)
      .then(
        (m) => {
          if (!live) return;
          setMsg(m);
          setMode(m.html ? "html" : "text");
        },
        (err: Error) => live && onError(err.message),
      );
    return () => {
      live = false;
    };
  }, [id, saved?.address]);

  const heading = useRef<HTMLHeadingElement>(null);
  // Where focus was can vanish with the list (a phone shows the message in its place): the message takes it.
  useEffect(() => {
    const at = document.activeElement as HTMLElement | null;
    if (msg && (!at || at === document.body || !at.checkVisibility())) heading.current?.focus();
  }, [msg?.id]);

  if (id === null || !saved) return null;
  if (!msg || msg.id !== id) return <section class="view muted">{t("loading")}</section>;

  const download = (what: "raw" | number, filename: string) =>
    (what === "raw" ? clientFor(saved).raw(msg.id) : clientFor(saved).attachment(msg.id, what)).then(
      (bytes) => saveBlob(new Blob([bytes as Uint8Array<ArrayBuffer>]), filename),
      (err: Error) => onError(err.message),
    );

  return (
    <article class="view" aria-labelledby="msg-subject" data-testid="message-view" data-message={msg.id}>
      <div class="row wrap">
        <button type="button" class="back" onClick={closeMessage} aria-label={t("back")}>
          ← <span class="narrow-only">{t("back")}</span>
        </button>
        <span class="spacer" />
        <button type="button" onClick={() => (composing.value = { mode: "reply", id: msg.id })} data-testid="reply">
          {t("reply")}
        </button>
        <button type="button" onClick={() => (composing.value = { mode: "forward", id: msg.id })} data-testid="forward">
          {t("forward")}
        </button>
        {msg.folder !== "sent" && (
          <button type="button" onClick={() => markUnread(msg.id)} data-testid="mark-unread">
            {t("markUnread")}
          </button>
        )}
        <button type="button" onClick={() => download("raw", `message-${msg.id}.eml`)} data-testid="raw">
          {t("raw")}
        </button>
        <button
          type="button"
          class="danger"
          onClick={() => deleteMessage(msg.id).catch((e: Error) => onError(e.message))}
          data-testid="delete"
        >
          {t("delete")}
        </button>
      </div>
      <h2 id="msg-subject" data-testid="subject" tabIndex={-1} ref={heading}>
        {msg.subject || t("noSubject")}
      </h2>
      <dl class="headers small">
        <dt>{t("from")}</dt>
        <dd>{msg.from ? who([msg.from]) : msg.envelope.from}</dd>
        <dt>{t("to")}</dt>
        <dd>{msg.to.length ? who(msg.to) : msg.envelope.to}</dd>
        {msg.cc.length > 0 && (
          <>
            <dt>{t("cc")}</dt>
            <dd>{who(msg.cc)}</dd>
          </>
        )}
        <dt>{t("date")}</dt>
        <dd>{formatTime(msg.date ?? msg.receivedAt, true)}</dd>
        {msg.auth && Object.values(msg.auth).some((r) => r !== null) && (
          <>
            <dt>{t("senderCheck")}</dt>
            <dd>
              <AuthBadge auth={msg.auth} />
            </dd>
          </>
        )}
      </dl>
      {msg.folder === "junk" && (
        <p class="notice" data-testid="junk-note">
          {t("junkNote")}
        </p>
      )}
      {msg.parseError && <p class="error">{t("parseError")}</p>}
      {msg.warnings.some((w) => / body clipped /.test(w)) && (
        <p class="notice" data-testid="clipped-note">
          {t("clippedNote")}
        </p>
      )}
      {msg.status === "failed" && (
        <p class="error" data-testid="view-status">
          {t("failed")}: {msg.statusReason}
        </p>
      )}
      {msg.codes.length > 0 && (
        <section class="codes" aria-label={t("codes")} data-testid="codes">
          {msg.codes.map((c) => (
            <div class="row code" key={c.kind + c.value}>
              {c.kind === "code" ? (
                <strong class="codevalue" data-testid="code">
                  {c.value}
                </strong>
              ) : (
                <a class="codelink" href={/^https?:/i.test(c.value) ? c.value : undefined} target="_blank" rel="noopener noreferrer">
                  {c.value}
                </a>
              )}
              <CopyButton value={c.value} testid={c.kind === "code" ? "copy-code" : "copy-link"} />
            </div>
          ))}
        </section>
      )}
      {msg.html && (
        // biome-ignore lint/a11y/useSemanticElements: two toggle buttons, not a form: a fieldset would add a border and legend for nothing
        <div class="row small" role="group">
          <button type="button" aria-pressed={mode === "html"} onClick={() => setMode("html")}>
            {t("html")}
          </button>
          <button type="button" aria-pressed={mode === "text"} onClick={() => setMode("text")} data-testid="show-text">
            {t("text")}
          </button>
        </div>
      )}
      {mode === "html" && msg.html ? (
        <MailFrame key={msg.id} msg={msg} address={saved.address} token={saved.token} />
      ) : msg.text ? (
        <Linked text={msg.text} />
      ) : (
        <p class="muted" data-testid="no-text">
          {t("noText")}
        </p>
      )}
      {msg.attachments.length > 0 && (
        <section aria-label={t("attachments")}>
          <h3 class="small">{t("attachments")}</h3>
          <ul class="attachments" data-testid="attachments">
            {msg.attachments.map((a) => (
              <li key={a.index} class="row">
                <span class="filename">{a.filename || `attachment-${a.index}`}</span>
                <span class="muted small">{formatSize(a.size)}</span>
                <span class="spacer" />
                <button
                  type="button"
                  onClick={() => download(a.index, a.filename || `attachment-${a.index}`)}
                  aria-label={`${t("download")}: ${a.filename || a.index}`}
                  data-testid={`download-${a.index}`}
                >
                  {t("download")}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
