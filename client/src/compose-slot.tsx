// Where the compose form appears (new, reply, forward). Its code loads on first use, so the
// inbox's first load stays small.
import { useEffect, useState } from "preact/hooks";
import { composing } from "./composing";
import { t } from "./i18n";

type ComposeModule = typeof import("./compose");
let loading: Promise<ComposeModule> | null = null;

export function ComposeSlot({ onError }: { onError: (msg: string) => void }) {
  const intent = composing.value;
  const [module, setModule] = useState<ComposeModule | null>(null);
  useEffect(() => {
    if (!intent || module) return;
    loading ??= import("./compose");
    loading.then(setModule, (err: Error) => {
      loading = null;
      onError(err.message);
    });
  }, [intent]);
  if (!intent) return null;
  if (!module) return <section class="view muted">{t("loading")}</section>;
  return <module.Compose key={JSON.stringify(intent)} intent={intent} onError={onError} />;
}
