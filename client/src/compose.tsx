// The compose form (loaded on demand): a new message, a reply or a forward, with files from
// the picker attached. Sent, it closes and the Sent folder shows it with its live status.
import { useEffect, useRef, useState } from "preact/hooks";
import type { MessageDetail, SendAttachment, SendRequest } from "../../src/contract/wire";
import { formatSize } from "./browser";
import { type ComposeIntent, composing } from "./composing";
import { t } from "./i18n";
import { current, folder, openId } from "./inbox";
import { clientFor } from "./service";

interface Picked extends SendAttachment {
  size: number;
}

/** Recipients split at commas, semicolons and spaces; `Name <address>`, as mail clients copy it, gives its address. */
function addressList(value: string): string[] {
  return value
    .split(/[,;]+/)
    .flatMap((a) => {
      const named = /<([^<>]+)>\s*$/.exec(a)?.[1];
      return named ? [named] : a.split(/\s+/);
    })
    .map((a) => a.trim())
    .filter(Boolean);
}

async function pick(file: File): Promise<Picked> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { filename: file.name, contentType: file.type || "application/octet-stream", content: btoa(binary), size: file.size };
}

export function Compose({ intent, onError }: { intent: ComposeIntent; onError: (msg: string) => void }) {
  const saved = current.value;
  const [original, setOriginal] = useState<MessageDetail | null>(null);
  const [to, setTo] = useState("");
  const [cc, setCc] = useState("");
  const [bcc, setBcc] = useState("");
  const [subject, setSubject] = useState("");
  const [text, setText] = useState("");
  const [files, setFiles] = useState<Picked[]>([]);
  const [forwardAs, setForwardAs] = useState<"attachment" | "inline">("attachment");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const toField = useRef<HTMLInputElement>(null);
  const textField = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (intent.mode === "new") toField.current?.focus();
  }, []);

  useEffect(() => {
    if (intent.mode === "new" || !saved) return;
    clientFor(saved)
      .get(intent.id)
      .then(
        (m) => {
          setOriginal(m);
          const back = m.replyTo[0] ?? m.from;
          if (intent.mode === "reply" && back && m.folder !== "sent") setTo(back.address);
          // A reply starts at its text; a forward at whom it goes to.
          (intent.mode === "reply" ? textField : toField).current?.focus();
          // One line: a subject decoded with line breaks in it is refused by the server, and an input shows none.
          // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what it replaces
          const base = (m.subject ?? "").replace(/[\u0000-\u001f\u007f]+/g, " ");
          if (intent.mode === "reply") setSubject(/^\s*re\s*:/i.test(base) ? base : `Re: ${base}`);
          else setSubject(/^\s*fwd?\s*:/i.test(base) ? base : `Fwd: ${base}`);
        },
        (err: Error) => onError(err.message),
      );
  }, [intent, saved?.address]);

  if (!saved) return null;

  async function submit(e: Event) {
    e.preventDefault();
    if (!saved) return;
    setBusy(true);
    setError(null);
    const request: SendRequest = { to: addressList(to), cc: addressList(cc), bcc: addressList(bcc), subject };
    if (text) request.text = text;
    if (files.length) request.attachments = files.map(({ filename, contentType, content }) => ({ filename, contentType, content }));
    if (intent.mode === "reply") request.replyTo = intent.id;
    if (intent.mode === "forward") {
      request.forward = intent.id;
      request.forwardAs = forwardAs;
    }
    try {
      await clientFor(saved).send(request);
      composing.value = null;
      openId.value = null;
      folder.value = "sent";
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const heading = intent.mode === "new" ? t("compose") : intent.mode === "reply" ? t("reply") : t("forward");
  return (
    <section class="view compose" aria-labelledby="compose-heading" data-testid="compose">
      <div class="row">
        <h2 id="compose-heading">{heading}</h2>
        <span class="spacer" />
        <button type="button" onClick={() => (composing.value = null)} data-testid="compose-cancel">
          {t("cancel")}
        </button>
      </div>
      {original && (
        <p class="muted small">
          {t(intent.mode === "reply" ? "replyingTo" : "forwarding", { subject: original.subject || t("noSubject") })}
        </p>
      )}
      <form onSubmit={submit} class="stack">
        <label>
          {t("to")}
          <input
            value={to}
            onInput={(e) => setTo(e.currentTarget.value)}
            autocomplete="email"
            aria-describedby="addresses-hint"
            ref={toField}
            data-testid="compose-to"
          />
        </label>
        <label>
          {t("cc")}
          <input value={cc} onInput={(e) => setCc(e.currentTarget.value)} aria-describedby="addresses-hint" data-testid="compose-cc" />
        </label>
        <label>
          {t("bcc")}
          <input value={bcc} onInput={(e) => setBcc(e.currentTarget.value)} aria-describedby="addresses-hint" data-testid="compose-bcc" />
        </label>
        <p id="addresses-hint" class="muted small">
          {t("addressesHint")}
        </p>
        <label>
          {t("subject")}
          <input value={subject} onInput={(e) => setSubject(e.currentTarget.value)} data-testid="compose-subject" />
        </label>
        <label>
          {t("body")}
          <textarea rows={10} value={text} ref={textField} onInput={(e) => setText(e.currentTarget.value)} data-testid="compose-text" />
        </label>
        {intent.mode === "forward" && (
          <label>
            {t("forwardAs")}
            <select
              value={forwardAs}
              onChange={(e) => setForwardAs(e.currentTarget.value as "attachment" | "inline")}
              data-testid="compose-forward-as"
            >
              <option value="attachment">{t("asAttachment")}</option>
              <option value="inline">{t("asInline")}</option>
            </select>
          </label>
        )}
        <label>
          {t("attach")}
          <input
            type="file"
            multiple
            data-testid="compose-files"
            onChange={async (e) => {
              const input = e.currentTarget;
              const picked = await Promise.all([...(input.files ?? [])].map(pick));
              setFiles((old) => [...old, ...picked]);
              input.value = "";
            }}
          />
        </label>
        {files.length > 0 && (
          <ul class="attachments" data-testid="compose-attachments">
            {files.map((f, i) => (
              <li key={`${i}-${f.filename}`} class="row">
                <span class="filename">{f.filename}</span>
                <span class="muted small">{formatSize(f.size)}</span>
                <span class="spacer" />
                <button
                  type="button"
                  class="link"
                  onClick={() => setFiles(files.filter((_, j) => j !== i))}
                  aria-label={t("removeFile", { name: f.filename })}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {error && (
          <p class="error" role="alert" data-testid="compose-error">
            {error}
          </p>
        )}
        <div class="row">
          <button type="submit" class="primary" disabled={busy} data-testid="compose-send">
            {busy ? t("sending") : t("send")}
          </button>
        </div>
      </form>
    </section>
  );
}
