// Where the compose form appears (new, reply, forward). Its code loads on first use, so the
// inbox's first load stays small.
import { chunk } from "./chunk";
import { composing } from "./composing";
import { t } from "./i18n";

const useCompose = chunk(() => import("./compose"));

export function ComposeSlot({ onError }: { onError: (msg: string) => void }) {
  const intent = composing.value;
  const module = useCompose(intent !== null, onError);
  if (!intent) return null;
  if (!module) return <section class="view muted">{t("loading")}</section>;
  return <module.Compose key={JSON.stringify(intent)} intent={intent} onError={onError} />;
}
