// The admin console: sign in with the admin password, then addresses, blocklist, users, deployment API keys, the audit log and statistics.
import { signal } from "@preact/signals";
import { useState } from "preact/hooks";
import { PigeonholeError } from "../../sdk/index.ts";
import { config } from "../config";
import { type Key, lang, setLang, t } from "../i18n";
import { siteLocked, siteToken } from "../service";
import { SiteGate } from "../site-gate";
import { cycleTheme, theme } from "../theme";
import { AddressesTab } from "./addresses-tab";
import { type AdminKey, tt } from "./admin-i18n";
import { admin, adminError, adminToken, setAdminToken } from "./admin-state";
import { AuditTab, BlocklistTab, StatsTab, UsersTab } from "./directory-tabs";
import { KeysTab } from "./keys-tab";

const TABS = ["addresses", "blocklist", "users", "keys", "audit", "stats"] as const;
type Tab = (typeof TABS)[number];
const tab = signal<Tab>("addresses");

function Header() {
  const themeKey = `theme${theme.value[0].toUpperCase()}${theme.value.slice(1)}` as Key;
  return (
    <header class="top row wrap">
      <h1 class="brand">{tt("title")}</h1>
      <span class="spacer" />
      {adminToken.value && (
        <button
          type="button"
          onClick={() =>
            admin()
              .signOut()
              .catch(() => {})
              .finally(() => setAdminToken(null))
          }
          data-testid="admin-sign-out"
        >
          {tt("signOut")}
        </button>
      )}
      <button type="button" onClick={cycleTheme} aria-label={`${t("theme")}: ${t(themeKey)}`} title={t("theme")} data-testid="theme">
        {t(themeKey)}
      </button>
      <button type="button" onClick={() => setLang(lang.value === "en" ? "zh" : "en")} data-testid="lang">
        <span class="sr-only">{t("language")}: </span>
        <span lang={lang.value === "en" ? "zh-CN" : "en"}>{lang.value === "en" ? "中文" : "English"}</span>
      </button>
    </header>
  );
}

function SignIn() {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setAdminToken((await admin().signIn(password)).token);
    } catch (err) {
      setError(
        err instanceof PigeonholeError && err.status === 401
          ? tt("wrong")
          : err instanceof PigeonholeError && err.status === 404
            ? tt("off")
            : adminError(err),
      );
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="panel" aria-labelledby="admin-sign-in">
      <h2 id="admin-sign-in">{tt("signIn")}</h2>
      <form class="row wrap" onSubmit={submit}>
        <label class="grow">
          <span class="sr-only">{tt("password")}</span>
          <input
            type="password"
            value={password}
            autocomplete="current-password"
            placeholder={tt("password")}
            aria-label={tt("password")}
            onInput={(e) => setPassword(e.currentTarget.value)}
            data-testid="admin-password"
          />
        </label>
        <button type="submit" class="primary" disabled={busy || !password} data-testid="admin-submit">
          {tt("signIn")}
        </button>
      </form>
      {error && (
        <p class="error" role="alert" data-testid="admin-error">
          {error}
        </p>
      )}
    </section>
  );
}

export function AdminApp() {
  const gated = siteLocked.value || Boolean(config.value?.private && !siteToken.value);
  return (
    <div class="app" lang={lang.value === "zh" ? "zh-CN" : "en"}>
      <Header />
      <main>
        {gated ? (
          <SiteGate />
        ) : !adminToken.value ? (
          <SignIn />
        ) : (
          <>
            <nav class="tabs" aria-label={tt("title")}>
              {TABS.map((name) => (
                <button
                  key={name}
                  type="button"
                  aria-pressed={tab.value === name}
                  onClick={() => (tab.value = name)}
                  data-testid={`tab-${name}`}
                >
                  {tt(name as AdminKey)}
                </button>
              ))}
            </nav>
            <section class="panel" aria-label={tt(tab.value as AdminKey)}>
              {tab.value === "addresses" && <AddressesTab />}
              {tab.value === "blocklist" && <BlocklistTab />}
              {tab.value === "users" && <UsersTab />}
              {tab.value === "keys" && <KeysTab />}
              {tab.value === "audit" && <AuditTab />}
              {tab.value === "stats" && <StatsTab />}
            </section>
          </>
        )}
      </main>
    </div>
  );
}
