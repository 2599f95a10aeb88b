// HTML mail in a sandboxed srcdoc frame: no scripts, opaque origin, its own
// CSP; inline cid: images resolved through the attachments endpoint.
import { useEffect, useMemo, useState } from "preact/hooks";
import type { MessageDetail } from "../../src/contract/wire";
import { blobToDataUrl } from "./browser";
import { t } from "./i18n";
import { mailDocument } from "./mail-html";
import { clientFor } from "./service";

const INLINE_TYPES = /^image\/(png|gif|jpe?g|webp|bmp|avif)$/i;

/** Fetches the message's inline images that the HTML refers to by cid:, as data: URLs. */
function useInlineImages(msg: MessageDetail, address: string, token: string): Map<string, string> | null {
  const client = clientFor({ address, token, expiresAt: "" });
  const [inline, setInline] = useState<Map<string, string> | null>(null);
  useEffect(() => {
    let live = true;
    const html = msg.html ?? "";
    const wanted = msg.attachments.filter(
      (a) => a.contentId && INLINE_TYPES.test(a.contentType) && html.includes(`cid:${a.contentId.replace(/^<|>$/g, "")}`),
    );
    setInline(wanted.length ? null : new Map());
    if (!wanted.length) return;
    Promise.all(
      wanted.map(async (a) => {
        const bytes = await client.attachment(msg.id, a.index);
        // Re-typed from the part's declared image type, never what a server guessed.
        const url = await blobToDataUrl(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: a.contentType.toLowerCase() }));
        return [(a.contentId ?? "").replace(/^<|>$/g, ""), url] as const;
      }),
    )
      .then((pairs) => live && setInline(new Map(pairs)))
      .catch(() => live && setInline(new Map()));
    return () => {
      live = false;
    };
  }, [msg.id, address]);
  return inline;
}

export function MailFrame(props: { msg: MessageDetail; address: string; token: string }) {
  const { msg } = props;
  // Remote loads are allowed per message: remembered by id, so a state left
  // over from the previous message can never apply to the next one.
  const [remoteFor, setRemoteFor] = useState<number | null>(null);
  const remote = remoteFor === msg.id;
  const inline = useInlineImages(msg, props.address, props.token);
  const doc = useMemo(() => (inline ? mailDocument(msg.html ?? "", { remote, inline }) : null), [msg.id, remote, inline]);
  if (!doc) return <p class="muted">{t("loading")}</p>;
  return (
    <div class="mailframe">
      {doc.untangled && (
        <p class="small notice" data-testid="untangled-note">
          {t("untangled")}
        </p>
      )}
      {(doc.blocked > 0 || remote) && (
        <div class="row small notice">
          {remote ? (
            <span>{t("remoteOn")}</span>
          ) : (
            <>
              <span>{t("blockedImages", { n: doc.blocked })}</span>
              <button type="button" class="link" onClick={() => setRemoteFor(msg.id)} data-testid="load-remote">
                {t("loadImages")}
              </button>
            </>
          )}
        </div>
      )}
      <iframe
        key={`${msg.id}-${remote}`}
        title={t("messageFrame")}
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerpolicy="no-referrer"
        srcdoc={doc.srcdoc}
        data-testid="mail-frame"
      />
    </div>
  );
}
