// Getting an address: random in one click, a chosen name@domain, or an existing one from its credential.
import { useState } from "preact/hooks";
import { config, configError, TurnstileBox } from "./config";
import { t } from "./i18n";
import { addAddress } from "./inbox";
import { receiveCredential } from "./incoming";
import { parseCredential } from "./saved";
import { SecuritySlot } from "./security-slot";
import { claimAddress, PigeonholeError } from "./service";

function message(err: unknown): string {
  if (err instanceof PigeonholeError && err.code === "address_taken") return t("errorTaken");
  if (err instanceof PigeonholeError && err.code === "invalid_name") return t("errorInvalid", { detail: err.message });
  if (err instanceof PigeonholeError && err.code === "network") return t("errorNetwork");
  return err instanceof Error ? err.message : String(err);
}

export function AddressPanel({ onDone }: { onDone?: () => void }) {
  const [name, setName] = useState("");
  const [domain, setDomain] = useState("");
  const [pasted, setPasted] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [human, setHuman] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const [withPassword, setWithPassword] = useState(false);
  const cfg = config.value;
  const domains = cfg?.domains ?? [];
  const Widget = TurnstileBox.value;

  async function create(chosen: boolean) {
    if (cfg?.turnstileSiteKey && !human) {
      setError(t("humanCheck"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const d = domain || domains[0];
      const extra = human ? { turnstileToken: human } : {};
      const created = await claimAddress(chosen ? { name: name.trim(), domain: d, ...extra } : { domain: d, ...extra });
      addAddress({ address: created.address, token: created.token, expiresAt: created.expiresAt });
      setName("");
      onDone?.();
      // The panel is gone: focus goes to the new address's first action, not to the page.
      requestAnimationFrame(() => document.querySelector<HTMLElement>("[data-testid=copy-address]")?.focus());
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
      // A Turnstile token is good once: a fresh check for the next try.
      if (cfg?.turnstileSiteKey) setRound(round + 1);
    }
  }

  async function openPasted(e: Event) {
    e.preventDefault();
    const saved = parseCredential(pasted);
    if (!saved) {
      setError(t("badCredential"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // Checked with the server first, as a share link is; nothing unchecked is saved.
      const got = await receiveCredential(saved);
      if (got === "invalid") return setError(t("credentialRefused"));
      if (got === "unreachable") return setError(t("errorNetwork"));
      setPasted("");
      onDone?.();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="get-address">
      <h2 id="get-address">{t("getAddress")}</h2>
      <p class="muted">{t("tagline")}</p>
      {cfg?.turnstileSiteKey && Widget && <Widget key={round} siteKey={cfg.turnstileSiteKey} onToken={setHuman} />}
      <button class="primary big" type="button" disabled={busy} onClick={() => create(false)} data-testid="random">
        {t("random")}
      </button>
      <form
        class="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          create(true);
        }}
      >
        <label class="grow">
          <span class="sr-only">{t("name")}</span>
          <input
            value={name}
            placeholder={t("chooseName")}
            autocomplete="off"
            spellcheck={false}
            minLength={cfg?.nameMinLength}
            maxLength={cfg?.nameMaxLength}
            onInput={(e) => setName(e.currentTarget.value)}
            aria-label={t("name")}
            data-testid="name"
          />
        </label>
        <span aria-hidden="true">@</span>
        <select aria-label={t("domain")} value={domain || domains[0]} onChange={(e) => setDomain(e.currentTarget.value)}>
          {domains.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        <button type="submit" disabled={busy || !name.trim()}>
          {t("create")}
        </button>
      </form>
      <form class="row wrap" onSubmit={openPasted}>
        <label class="grow">
          <span class="sr-only">{t("credential")}</span>
          <input
            value={pasted}
            placeholder={t("openExisting")}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setPasted(e.currentTarget.value)}
            aria-label={t("credential")}
          />
        </label>
        <button type="submit" disabled={busy || !pasted.trim()}>
          {t("open")}
        </button>
      </form>
      <button
        type="button"
        class="link"
        aria-expanded={withPassword}
        onClick={() => setWithPassword(!withPassword)}
        data-testid="with-password"
      >
        {t("withPassword")}
      </button>
      {withPassword && <SecuritySlot login onDone={onDone} onError={setError} />}
      {(error || configError.value) && (
        <p class="error" role="alert" data-testid="error">
          {error || configError.value}
        </p>
      )}
    </section>
  );
}
