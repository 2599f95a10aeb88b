// Signed in: passkeys (add, remove), signed-in devices (sign out there), the password, and deleting the account.
import { useEffect, useState } from "preact/hooks";
import type { PasskeyInfo, SessionInfo } from "../../../src/contract/accounts";
import { formatTime } from "../browser";
import { useNewest } from "../newest";
import { at } from "./account-i18n";
import { account, errorMessage, me, signedOut } from "./account-state";
import { createPasskey, passkeysSupported } from "./passkey";

export function AccountSecurity() {
  const [keys, setKeys] = useState<PasskeyInfo[]>([]);
  const [sessions, setSessions] = useState<SessionInfo[]>([]);
  const [keyName, setKeyName] = useState("");
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [how, setHow] = useState<"delete" | "release">("release");
  const [armed, setArmed] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const user = me.value;

  const read = useNewest();
  const refresh = () => {
    const a = account();
    return read(Promise.all([a.passkeys(), a.sessions(), a.me()]), ([k, s, m]) => {
      setKeys(k.passkeys);
      setSessions(s.sessions);
      me.value = m;
    });
  };
  useEffect(() => {
    refresh().catch((err: Error) => setError(err.message));
  }, []);

  async function act(task: () => Promise<unknown>, done?: string) {
    setError(null);
    setNote(null);
    try {
      await task();
      await refresh();
      if (done) setNote(done);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const addKey = () =>
    act(async () => {
      const a = account();
      const c = await a.addPasskeyOptions();
      await a.addPasskey(c.challengeId, await createPasskey(c.options), keyName.trim() || undefined);
      setKeyName("");
    });

  const changePassword = (e: Event) => {
    e.preventDefault();
    act(async () => {
      await account().changePassword(next, user?.hasPassword ? current : undefined);
      setCurrent("");
      setNext("");
    }, at("saved"));
  };

  async function deleteAccount() {
    if (!armed) return setArmed(true);
    setError(null);
    try {
      await account().deleteAccount({ addresses: how, ...(user?.hasPassword ? { password: current } : {}) });
      signedOut();
    } catch (err) {
      setArmed(false);
      setError(errorMessage(err));
    }
  }

  return (
    <div class="stack">
      <section class="stack" aria-labelledby="passkeys-title">
        <h3 id="passkeys-title">{at("passkeys")}</h3>
        {keys.length === 0 && <p class="muted">{at("noPasskeys")}</p>}
        <ul class="owned" data-testid="passkeys">
          {keys.map((k) => (
            <li key={k.id} class="row wrap">
              <span class="grow">{k.name}</span>
              {k.lastUsedAt && <span class="muted small">{at("lastUsed", { when: formatTime(k.lastUsedAt, true) })}</span>}
              <button
                type="button"
                class="danger"
                onClick={() => act(() => account().removePasskey(k.id))}
                aria-label={`${at("remove")} ${k.name}`}
              >
                {at("remove")}
              </button>
            </li>
          ))}
        </ul>
        {passkeysSupported ? (
          <div class="row wrap">
            <label class="grow">
              <span class="sr-only">{at("passkeyName")}</span>
              <input
                value={keyName}
                placeholder={at("passkeyName")}
                aria-label={at("passkeyName")}
                onInput={(e) => setKeyName(e.currentTarget.value)}
              />
            </label>
            <button type="button" onClick={addKey} data-testid="add-passkey">
              {at("addPasskey")}
            </button>
          </div>
        ) : (
          <p class="muted small">{at("notSupported")}</p>
        )}
      </section>
      <section class="stack" aria-labelledby="sessions-title">
        <h3 id="sessions-title">{at("sessions")}</h3>
        <ul class="owned" data-testid="sessions">
          {sessions.map((s) => (
            <li key={s.id} class="row wrap">
              <span class="grow small">{s.agent ?? s.method}</span>
              <span class="muted small">{formatTime(s.createdAt, true)}</span>
              {s.current ? (
                <span class="muted small">{at("thisDevice")}</span>
              ) : (
                <button type="button" onClick={() => act(() => account().revokeSession(s.id))}>
                  {at("revoke")}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section class="stack" aria-labelledby="password-title">
        <h3 id="password-title">{at(user?.hasPassword ? "changePassword" : "setPassword")}</h3>
        <form class="stack" onSubmit={changePassword}>
          {user?.hasPassword && (
            <label class="field">
              <span>{at("currentPassword")}</span>
              <input
                type="password"
                autocomplete="current-password"
                value={current}
                onInput={(e) => setCurrent(e.currentTarget.value)}
                data-testid="current-password"
              />
            </label>
          )}
          <label class="field">
            <span>{at("newPassword")}</span>
            <input
              type="password"
              autocomplete="new-password"
              value={next}
              onInput={(e) => setNext(e.currentTarget.value)}
              data-testid="new-password"
            />
          </label>
          <div class="row">
            <button type="submit" disabled={!next}>
              {at(user?.hasPassword ? "changePassword" : "setPassword")}
            </button>
          </div>
        </form>
      </section>
      <section class="stack" aria-labelledby="delete-title">
        <h3 id="delete-title">{at("deleteAccount")}</h3>
        <fieldset class="row wrap">
          <legend class="small">{at("deleteHow")}</legend>
          <label>
            <input type="radio" name="how" checked={how === "release"} onChange={() => setHow("release")} /> {at("releaseAddresses")}
          </label>
          <label>
            <input type="radio" name="how" checked={how === "delete"} onChange={() => setHow("delete")} /> {at("deleteAddresses")}
          </label>
        </fieldset>
        <div class="row">
          <button type="button" class="danger" onClick={deleteAccount} data-testid="delete-account">
            {armed ? at("confirm") : at("deleteAccount")}
          </button>
        </div>
      </section>
      {note && (
        <p class="muted" role="status">
          {note}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
