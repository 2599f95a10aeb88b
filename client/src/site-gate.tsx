// A private site asks for its password once; the site token it gets back goes with every request after.
import { useState } from "preact/hooks";
import { t } from "./i18n";
import { PigeonholeError, service, setSiteToken } from "./service";

export function SiteGate() {
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function enter(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSiteToken((await service().openSite(password)).token);
    } catch (err) {
      setError(err instanceof PigeonholeError && err.status === 429 ? t("siteSlow") : t("siteWrong"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="site-title" data-testid="site-gate">
      <h2 id="site-title">{t("siteTitle")}</h2>
      <p class="muted">{t("siteHint")}</p>
      <form class="row wrap" onSubmit={enter}>
        <label class="grow">
          <span class="sr-only">{t("sitePassword")}</span>
          <input
            type="password"
            value={password}
            autocomplete="current-password"
            aria-label={t("sitePassword")}
            onInput={(e) => setPassword(e.currentTarget.value)}
            data-testid="site-password"
          />
        </label>
        <button class="primary" type="submit" disabled={busy || !password}>
          {t("siteEnter")}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
