// Where the delivery log and blocked senders appear, in place of the open message. Its code loads
// on first use, so the inbox's first load stays small.
import { chunk } from "./chunk";
import { t } from "./i18n";
import { showingDeliveries } from "./showing-deliveries";

const useDeliveries = chunk(() => import("./deliveries"));

export function DeliveriesSlot({ onError }: { onError: (msg: string) => void }) {
  const shown = showingDeliveries.value;
  const module = useDeliveries(shown, onError);
  if (!shown) return null;
  if (!module) return <section class="view muted">{t("loading")}</section>;
  return <module.Deliveries onError={onError} />;
}
