// The account pages (a chunk of their own, fetched on the first click on "Account"): signed out, the sign-in and
// sign-up forms; signed in, the account's addresses and its security.
import { useEffect, useState } from "preact/hooks";
import { AccountHome } from "./account-home";
import "../panels.css";
import { at } from "./account-i18n";
import { errorMessage, loadMe, me, sessionToken } from "./account-state";
import { SignIn } from "./sign-in";

export function AccountPanel({ onClose }: { onClose: () => void }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadMe().catch((err) => setError(errorMessage(err)));
  }, [sessionToken.value]);
  const signedIn = sessionToken.value !== null && me.value !== null;
  return (
    <section class="panel account" aria-labelledby="account-title" data-testid="account-panel">
      <div class="row">
        <h2 id="account-title">{at("title")}</h2>
        <span class="spacer" />
        <button type="button" class="link" onClick={onClose} aria-label={at("close")} data-testid="close-account">
          ×
        </button>
      </div>
      {signedIn ? <AccountHome onClose={onClose} /> : sessionToken.value === null ? <SignIn /> : <p class="muted">{at("busy")}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
