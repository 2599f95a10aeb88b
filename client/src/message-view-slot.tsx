// Where the open message appears. Its code (the view, the sandboxed HTML frame, the sanitiser)
// is a chunk of its own: fetched soon after the inbox has loaded, so the first load stays small
// and the first message opens without waiting for it.
import { useEffect, useState } from "preact/hooks";
import { chunk } from "./chunk";
import { t } from "./i18n";
import { openId } from "./inbox";

const useView = chunk(() => import("./message-view"));

export function MessageViewSlot({ onError }: { onError: (msg: string) => void }) {
  const id = openId.value;
  // An open message needs it now; otherwise it is wanted once the page has been idle a second.
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setIdle(true), 1000);
    return () => clearTimeout(timer);
  }, []);
  const module = useView(id !== null || idle, onError);
  if (id === null) return null;
  if (!module) return <section class="view muted">{t("loading")}</section>;
  return <module.MessageView onError={onError} />;
}
