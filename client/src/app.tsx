// The page: header with preferences, the address, and the inbox beside (or, on a phone, instead of) the open message.
// A private site shows its password gate first; the account pages load only when asked for.
import { signal } from "@preact/signals";
import type { FunctionComponent } from "preact";
import { AddressBar } from "./address-bar";
import { AddressPanel } from "./address-panel";
import { ComposeSlot } from "./compose-slot";
import { composing } from "./composing";
import { config } from "./config";
import { DeliveriesSlot } from "./deliveries-slot";
import { type Key, lang, setLang, t } from "./i18n";
import { current, openId } from "./inbox";
import { answerOffer, linkOffer, linkProblem } from "./incoming";
import { MessageList } from "./message-list";
import { MessageViewSlot } from "./message-view-slot";
import { notifyOn, notifySupported, toggleNotify } from "./notify";
import { dismissUnknownRoute, settleUnknownRoute, unknownRoute } from "./route";
import { siteLocked, siteToken } from "./service";
import { showingDeliveries } from "./showing-deliveries";
import { SiteGate } from "./site-gate";
import { cycleTheme, theme } from "./theme";

export const showCreate = signal(false);
export const errorText = signal<string | null>(null);
export const accountOpen = signal(false);
/** The account pages, a chunk of their own: fetched on the first click. */
const AccountPanel = signal<FunctionComponent<{ onClose: () => void }> | null>(null);

/** A private site without (or with a refused) site token: only the gate shows. */
function locked(): boolean {
  return siteLocked.value || Boolean(config.value?.private && !siteToken.value);
}

function toggleAccount(): void {
  accountOpen.value = !accountOpen.value;
  if (!AccountPanel.value) {
    import("./account/account-panel").then(
      (m) => (AccountPanel.value = m.AccountPanel),
      (err: Error) => (errorText.value = err.message),
    );
  }
}

function showError(msg: string): void {
  errorText.value = msg;
}

function Header() {
  const themeKey = `theme${theme.value[0].toUpperCase()}${theme.value.slice(1)}` as Key;
  return (
    <header class="top row wrap">
      <h1 class="brand">{t("brand")}</h1>
      <span class="spacer" />
      {notifySupported && (
        <button type="button" aria-pressed={notifyOn.value} onClick={toggleNotify} title={t("notify")} aria-label={t("notify")}>
          <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2">
            <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0" />
          </svg>
        </button>
      )}
      {config.value && config.value.registration !== "off" && !locked() && (
        <button type="button" aria-expanded={accountOpen.value} onClick={toggleAccount} data-testid="account">
          {t("account")}
        </button>
      )}
      <button type="button" onClick={cycleTheme} aria-label={`${t("theme")}: ${t(themeKey)}`} title={t("theme")} data-testid="theme">
        {t(themeKey)}
      </button>
      {/* Named by its visible text (the other language, in that language), after a hidden "Language:" in this one. */}
      <button type="button" onClick={() => setLang(lang.value === "en" ? "zh" : "en")} data-testid="lang">
        <span class="sr-only">{t("language")}: </span>
        <span lang={lang.value === "en" ? "zh-CN" : "en"}>{lang.value === "en" ? "中文" : "English"}</span>
      </button>
    </header>
  );
}

export function App() {
  if (locked()) {
    return (
      <div class="app" lang={lang.value === "zh" ? "zh-CN" : "en"}>
        <Header />
        <main>
          <SiteGate />
        </main>
      </div>
    );
  }
  const saved = current.value;
  const notHere = unknownRoute.value;
  const problem = linkProblem.value;
  const offer = linkOffer.value;
  const creating = !saved || showCreate.value || notHere !== null;
  const Account = AccountPanel.value;
  return (
    <div
      class={`app ${openId.value !== null || composing.value !== null || showingDeliveries.value ? "reading" : ""}`}
      lang={lang.value === "zh" ? "zh-CN" : "en"}
    >
      <Header />
      <main>
        {accountOpen.value &&
          (Account ? (
            <Account onClose={() => (accountOpen.value = false)} />
          ) : (
            <p class="muted" role="status">
              {t("loading")}
            </p>
          ))}
        {errorText.value && (
          <div class="error toast row" role="alert" data-testid="toast">
            <span>{errorText.value}</span>
            <span class="spacer" />
            <button type="button" class="link" onClick={() => (errorText.value = null)} aria-label={t("dismiss")}>
              ×
            </button>
          </div>
        )}
        {problem && (
          <div class="error toast row" role="alert" data-testid="link-problem">
            <span>{t(problem === "invalid" ? "linkInvalid" : "linkUnreachable")}</span>
            <span class="spacer" />
            <button type="button" class="link" onClick={() => (linkProblem.value = null)} aria-label={t("dismiss")}>
              ×
            </button>
          </div>
        )}
        {offer && (
          <div
            class="routenote row wrap"
            role="alertdialog"
            aria-live="polite"
            aria-labelledby="offer-text"
            data-testid="replace-offer"
            data-held={String(offer.held)}
          >
            <span id="offer-text">{t(offer.held ? "replaceAsk" : "openAsk", { address: offer.saved.address })}</span>
            <span class="spacer" />
            <button type="button" onClick={() => answerOffer(true)} data-testid="replace-yes">
              {t(offer.held ? "replace" : "openLinked")}
            </button>
            <button type="button" class="primary" onClick={() => answerOffer(false)} data-testid="replace-no">
              {t(offer.held ? "keepSaved" : "ignoreLinked")}
            </button>
          </div>
        )}
        {notHere && (
          <div class="routenote row" role="status" data-testid="not-here">
            <span data-testid="not-here-text">{t("notHere", { address: notHere.address })}</span>
            <span class="spacer" />
            <button type="button" class="link" onClick={dismissUnknownRoute} aria-label={t("dismiss")}>
              ×
            </button>
          </div>
        )}
        {creating && (
          <AddressPanel
            onDone={() => {
              showCreate.value = false;
              settleUnknownRoute();
            }}
          />
        )}
        {saved && (
          <>
            <AddressBar onNew={() => (showCreate.value = !showCreate.value)} onError={showError} />
            <div class="panes">
              <MessageList onError={showError} />
              {composing.value ? (
                <ComposeSlot onError={showError} />
              ) : showingDeliveries.value ? (
                <DeliveriesSlot onError={showError} />
              ) : (
                <MessageViewSlot onError={showError} />
              )}
            </div>
            <p class="muted small keys">{t("keys")}</p>
          </>
        )}
      </main>
    </div>
  );
}
