// Where an address's password form, or the password login, appears. Their code loads on first use,
// so the inbox's first load stays small.
import { useEffect, useState } from "preact/hooks";
import { t } from "./i18n";

type SecurityModule = typeof import("./address-security");
let loading: Promise<SecurityModule> | null = null;

export function SecuritySlot(p: { login?: boolean; onClose?: () => void; onDone?: () => void; onError: (msg: string) => void }) {
  const [m, setM] = useState<SecurityModule | null>(null);
  useEffect(() => {
    loading ??= import("./address-security");
    loading.then(setM, (err: Error) => {
      loading = null;
      p.onError(err.message);
    });
  }, []);
  if (!m) return <p class="muted">{t("loading")}</p>;
  return p.login ? <m.PasswordLogin onDone={p.onDone} /> : <m.AddressSecurity onClose={p.onClose ?? (() => undefined)} />;
}
