// Where the delivery log and blocked senders appear, in place of the open message. Its code loads
// on first use, so the inbox's first load stays small.
import { useEffect, useState } from "preact/hooks";
import { t } from "./i18n";
import { showingDeliveries } from "./showing-deliveries";

type DeliveriesModule = typeof import("./deliveries");
let loading: Promise<DeliveriesModule> | null = null;

export function DeliveriesSlot({ onError }: { onError: (msg: string) => void }) {
  const [module, setModule] = useState<DeliveriesModule | null>(null);
  const shown = showingDeliveries.value;
  useEffect(() => {
    if (!shown || module) return;
    loading ??= import("./deliveries");
    loading.then(setModule, (err: Error) => {
      loading = null;
      onError(err.message);
    });
  }, [shown]);
  if (!shown) return null;
  if (!module) return <section class="view muted">{t("loading")}</section>;
  return <module.Deliveries onError={onError} />;
}
