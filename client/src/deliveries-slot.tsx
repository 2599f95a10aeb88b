// Where the delivery log and blocked senders appear, in place of the open message. Its code loads
// on first use, so the inbox's first load stays small.
import { effect, signal } from "@preact/signals";
import { useEffect, useState } from "preact/hooks";
import { t } from "./i18n";
import { current, openId } from "./inbox";

export const showingDeliveries = signal(false);
/** The address the panel was opened for. */
let shownFor: string | null = null;

// Opening a message, or switching address, puts the panel away.
effect(() => {
  if (openId.value !== null || (current.value?.address ?? null) !== shownFor) showingDeliveries.value = false;
});

export function showDeliveries(): void {
  shownFor = current.value?.address ?? null;
  openId.value = null;
  showingDeliveries.value = true;
}

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
