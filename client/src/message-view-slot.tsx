// Where the open message appears. Its code (the view, the sandboxed HTML frame, the sanitiser)
// is a chunk of its own: fetched soon after the inbox has loaded, so the first load stays small
// and the first message opens without waiting for it.
import { useEffect, useState } from "preact/hooks";
import { t } from "./i18n";
import { openId } from "./inbox";

type ViewModule = typeof import("./message-view");
let loading: Promise<ViewModule> | null = null;

export function MessageViewSlot({ onError }: { onError: (msg: string) => void }) {
  const id = openId.value;
  const [module, setModule] = useState<ViewModule | null>(null);
  useEffect(() => {
    if (module) return;
    const load = () => {
      loading ??= import("./message-view");
      loading.then(setModule, (err: Error) => {
        loading = null;
        onError(err.message);
      });
    };
    // An open message needs it now; otherwise it is fetched once the page is idle.
    if (id !== null) return load();
    const timer = setTimeout(load, 1000);
    return () => clearTimeout(timer);
  }, [id]);
  if (id === null) return null;
  if (!module) return <section class="view muted">{t("loading")}</section>;
  return <module.MessageView onError={onError} />;
}
