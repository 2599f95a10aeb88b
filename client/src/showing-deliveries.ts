// Whether the delivery log panel is open: it gives way to an opened message and to another address.
import { effect, signal } from "@preact/signals";
import { current, openId } from "./inbox";

export const showingDeliveries = signal(false);
/** The address the panel was opened for. */
let shownFor: string | null = null;

effect(() => {
  if (openId.value !== null || (current.value?.address ?? null) !== shownFor) showingDeliveries.value = false;
});

export function showDeliveries(): void {
  shownFor = current.value?.address ?? null;
  openId.value = null;
  showingDeliveries.value = true;
}
