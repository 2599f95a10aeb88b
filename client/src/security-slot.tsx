// Where an address's password form, or the password login, appears. Their code loads on first use,
// so the inbox's first load stays small.
import { chunk } from "./chunk";
import { t } from "./i18n";

const useSecurity = chunk(() => import("./address-security"));

export function SecuritySlot(p: { login?: boolean; onClose?: () => void; onDone?: () => void; onError: (msg: string) => void }) {
  const m = useSecurity(true, p.onError);
  if (!m) return <p class="muted">{t("loading")}</p>;
  return p.login ? <m.PasswordLogin onDone={p.onDone} /> : <m.AddressSecurity onClose={p.onClose ?? (() => undefined)} />;
}
