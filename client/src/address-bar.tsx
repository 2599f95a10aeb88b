// The current address: copy, share, switch between saved ones, connection state, its delivery log, delete.

import { useState } from "preact/hooks";
import { formatTime } from "./browser";
import { ConfirmButton } from "./confirm-button";
import { CopyButton } from "./copy-button";
import { type Key, t } from "./i18n";
import { addresses, connection, current, currentAddress, destroyAddress, forgetAddress, retryNow } from "./inbox";
import { shareLink } from "./saved";
import { SecuritySlot } from "./security-slot";
import { showDeliveries } from "./showing-deliveries";

export function AddressBar({ onNew, onError }: { onNew: () => void; onError: (msg: string) => void }) {
  const saved = current.value;
  const [security, setSecurity] = useState(false);
  if (!saved) return null;
  const state = connection.value;
  const dead = state === "ended" || state === "refused";
  return (
    <section class="addressbar" aria-label={t("inbox")}>
      <div class="row wrap">
        <strong class="address" data-testid="address">
          {saved.address}
        </strong>
        <CopyButton value={saved.address} label={t("copyAddress")} class="primary" testid="copy-address" />
        <CopyButton value={shareLink(saved)} label={t("copyShare")} testid="copy-share" />
      </div>
      <div class="row wrap small">
        <span class={`status ${state}`} role="status" aria-live="polite" data-testid="connection" data-state={state}>
          {t(state as Key)}
        </span>
        {state === "offline" && (
          <button type="button" class="link" onClick={retryNow}>
            {t("retry")}
          </button>
        )}
        {saved.expiresAt && (
          <span class="muted">
            {t("expires")}: {formatTime(saved.expiresAt, true)}
          </span>
        )}
        <span class="spacer" />
        {addresses.value.length > 1 && (
          <select
            aria-label={t("switchAddress")}
            value={saved.address}
            onChange={(e) => (currentAddress.value = e.currentTarget.value)}
            data-testid="switch"
          >
            {addresses.value.map((a) => (
              <option key={a.address} value={a.address}>
                {a.address}
              </option>
            ))}
          </select>
        )}
        {!dead && (
          <button type="button" onClick={showDeliveries} data-testid="show-deliveries">
            {t("deliveries")}
          </button>
        )}
        {!dead && (
          <button type="button" aria-expanded={security} onClick={() => setSecurity(!security)} data-testid="show-security">
            {t("security")}
          </button>
        )}
        <button type="button" onClick={onNew} data-testid="new-address">
          {t("newAddress")}
        </button>
        {dead ? (
          <button type="button" class="danger" onClick={() => forgetAddress(saved.address)}>
            {t("forget")}
          </button>
        ) : (
          <ConfirmButton
            label={t("deleteAddress")}
            testid="delete-address"
            onConfirm={() => destroyAddress().catch((err: Error) => onError(err.message))}
          />
        )}
      </div>
      <p class="muted small">{t("shareHint")}</p>
      {security && <SecuritySlot onClose={() => setSecurity(false)} onError={onError} />}
    </section>
  );
}
