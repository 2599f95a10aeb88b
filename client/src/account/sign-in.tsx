// Signed out: sign in (password or passkey) or create an account (password or passkey, with Turnstile when asked).
import { useState } from "preact/hooks";
import { PigeonholeError } from "../../sdk/index.ts";
import { config } from "../config";
import { Turnstile } from "../turnstile";
import { at } from "./account-i18n";
import { account, errorMessage, signedIn } from "./account-state";
import { createPasskey, passkeysSupported, usePasskey } from "./passkey";

function explain(err: unknown): string {
  if (err instanceof PigeonholeError && err.code === "unauthorized") return at("wrong");
  if (err instanceof PigeonholeError && err.code === "username_taken") return at("taken");
  if (err instanceof PigeonholeError) return err.message;
  // The browser's own refusal (cancelled, timed out, no authenticator).
  return at("passkeyFailed", { detail: errorMessage(err) });
}

export function SignIn() {
  const [mode, setMode] = useState<"in" | "up">("in");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [human, setHuman] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const cfg = config.value;
  const siteKey = cfg?.turnstileSiteKey ?? null;
  const canSignUp = cfg?.registration === "open";

  async function run(task: () => Promise<{ token: string; user: Parameters<typeof signedIn>[1] }>) {
    setBusy(true);
    setError(null);
    try {
      const s = await task();
      signedIn(s.token, s.user);
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
      if (mode === "up" && siteKey) setRound(round + 1);
    }
  }

  const withPassword = (e: Event) => {
    e.preventDefault();
    run(() =>
      mode === "in" ? account().signIn(username.trim(), password) : account().signUp(username.trim(), password, human ?? undefined),
    );
  };

  const passkeyIn = () =>
    run(async () => {
      const a = account();
      const c = await a.passkeySignInOptions();
      return a.passkeySignIn(c.challengeId, await usePasskey(c.options));
    });

  const passkeyUp = () =>
    run(async () => {
      const a = account();
      const c = await a.passkeySignUpOptions(username.trim());
      return a.passkeySignUp(c.challengeId, await createPasskey(c.options), human ?? undefined);
    });

  return (
    <div class="stack">
      <h3>{at(mode === "in" ? "signIn" : "signUp")}</h3>
      {mode === "in" && passkeysSupported && (
        <button type="button" class="primary" disabled={busy} onClick={passkeyIn} data-testid="passkey-sign-in">
          {at("withPasskey")}
        </button>
      )}
      <form class="stack" onSubmit={withPassword}>
        <label class="field">
          <span>{at("username")}</span>
          <input
            type="text"
            value={username}
            autocomplete="username"
            required
            onInput={(e) => setUsername(e.currentTarget.value)}
            data-testid="username"
          />
        </label>
        <label class="field">
          <span>{at("password")}</span>
          <input
            type="password"
            value={password}
            autocomplete={mode === "in" ? "current-password" : "new-password"}
            required
            onInput={(e) => setPassword(e.currentTarget.value)}
            data-testid="password"
          />
        </label>
        {mode === "up" && siteKey && <Turnstile key={round} siteKey={siteKey} onToken={setHuman} />}
        <div class="row wrap">
          <button
            type="submit"
            class={mode === "in" && passkeysSupported ? "" : "primary"}
            disabled={busy || !username.trim() || !password}
            data-testid="submit"
          >
            {at(mode === "in" ? "signIn" : "signUp")}
          </button>
          {mode === "up" && passkeysSupported && (
            <button type="button" disabled={busy || !username.trim()} onClick={passkeyUp} data-testid="passkey-sign-up">
              {at("signUpPasskey")}
            </button>
          )}
        </div>
      </form>
      {error && (
        <p class="error" role="alert" data-testid="account-error">
          {error}
        </p>
      )}
      <p class="muted small">
        {mode === "in" ? at("noAccount") : at("haveAccount")}{" "}
        {mode === "in" && !canSignUp ? (
          at("closedSignUp")
        ) : (
          <button type="button" class="link" onClick={() => setMode(mode === "in" ? "up" : "in")} data-testid="switch-mode">
            {at(mode === "in" ? "signUp" : "signIn")}
          </button>
        )}
      </p>
    </div>
  );
}
