// API keys for scripts, one manager for the account page (a user's keys) and the admin console (the deployment's):
// list, create with scopes and an expiry, revoke after a second press. A new key's secret lives only in this
// component's state: shown once, gone when dismissed or the page reloads.
import { useEffect, useRef, useState } from "preact/hooks";
import { API_KEY_SCOPES, type ApiKeyInfo, type ApiKeyList, type ApiKeyScope } from "../../../src/contract/agents";
import { PigeonholeError } from "../../sdk/errors.ts";
import type { KeyHolder } from "../../sdk/key-holder.ts";
import { formatTime } from "../browser";
import { CopyButton } from "../copy-button";
import { useNewest } from "../newest";
import { kt } from "./key-i18n";
import "./keys.css";

export interface KeyManagerProps {
  /** the client acting for the holder now (a fresh one each call, as the page's session may change) */
  holder: () => KeyHolder;
  title: string;
  why: string;
  /** the heading's level where the manager sits */
  level: 2 | 3;
  /** "n of limit" beside the title: an account holds a limited number of keys, the deployment does not */
  counted: boolean;
  /** the page's words for a failed call */
  explain: (err: unknown) => string;
}

const EXPIRY_DAYS = [7, 30, 90, 365];
const NAME_MAX = 64;
const DAY_MS = 86_400_000;
/** How long a first press on "Revoke" waits for the second. */
const ARMED_MS = 4000;

function KeyLine({ k }: { k: ApiKeyInfo }) {
  const expired = k.expiresAt !== null && Date.parse(k.expiresAt) <= Date.now();
  const when = k.expiresAt && formatTime(k.expiresAt, true);
  return (
    <span class="grow apikey-about">
      <span>
        <strong>{k.name}</strong> <code class="apikey-hint">{kt("keyHint", { hint: k.hint })}</code>
      </span>
      <span class="apikey-scopes">
        {k.scopes.map((s) => (
          <code key={s}>{s}</code>
        ))}
      </span>
      <span class="muted small">
        {kt("created", { when: formatTime(k.createdAt, true) })} ·{" "}
        {when ? (expired ? kt("expired", { when }) : kt("expires", { when })) : kt("never")} ·{" "}
        <span data-testid="key-last-used">{k.lastUsedAt ? kt("lastUsed", { when: formatTime(k.lastUsedAt, true) }) : kt("neverUsed")}</span>
      </span>
    </span>
  );
}

export function KeyManager(props: KeyManagerProps) {
  const [list, setList] = useState<ApiKeyList | null>(null);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScope[]>([...API_KEY_SCOPES]);
  const [days, setDays] = useState(0);
  const [fresh, setFresh] = useState<{ id: string; name: string; key: string } | null>(null);
  const [armed, setArmed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const secretBox = useRef<HTMLElement>(null);

  const explain = (err: unknown) =>
    err instanceof PigeonholeError && err.code === "limit_reached" && list?.limit
      ? kt("keyLimit", { limit: list.limit })
      : props.explain(err);
  const read = useNewest();
  const refresh = () => read(props.holder().keys(), setList);
  useEffect(() => {
    refresh().catch((err) => setError(props.explain(err)));
  }, []);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(null), ARMED_MS);
    return () => clearTimeout(timer);
  }, [armed]);
  // Focus goes to the secret so a screen reader announces it and the copy button is one Tab away.
  useEffect(() => {
    if (fresh) secretBox.current?.focus();
  }, [fresh]);

  async function act(task: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await task();
    } catch (err) {
      setError(explain(err));
    } finally {
      await refresh().catch(() => undefined);
      setBusy(false);
    }
  }

  const create = (e: Event) => {
    e.preventDefault();
    const keyName = name.trim();
    act(async () => {
      const expiresAt = days ? new Date(Date.now() + days * DAY_MS).toISOString() : undefined;
      const made = await props.holder().createKey(keyName, scopes, expiresAt);
      setFresh({ id: made.id, name: keyName, key: made.key });
      setName("");
      setScopes([...API_KEY_SCOPES]);
      setDays(0);
    });
  };

  const revoke = (k: ApiKeyInfo) => {
    if (armed !== k.id) return setArmed(k.id);
    setArmed(null);
    // A revoked key's secret is worth nothing: it leaves the screen with the key.
    if (fresh?.id === k.id) setFresh(null);
    act(() => props.holder().revokeKey(k.id));
  };

  const toggle = (s: ApiKeyScope, on: boolean) => setScopes(API_KEY_SCOPES.filter((x) => (x === s ? on : scopes.includes(x))));

  const held = list?.keys ?? [];
  const Title = props.level === 2 ? "h2" : "h3";
  return (
    <section class="stack" aria-labelledby="api-keys-title" data-testid="api-keys">
      <Title id="api-keys-title">
        {props.title} {list && props.counted && <span class="muted small">({kt("of", { n: held.length, limit: list.limit })})</span>}
      </Title>
      <p class="muted small">{props.why}</p>
      {fresh && (
        <section class="apikey-secret" ref={secretBox} tabIndex={-1} aria-labelledby="api-key-secret-title" data-testid="new-key">
          <strong id="api-key-secret-title">{kt("keyCreated", { name: fresh.name })}</strong>
          <code class="apikey-value" data-testid="new-key-secret">
            {fresh.key}
          </code>
          <p class="apikey-warning">{kt("keyOnce")}</p>
          <div class="row wrap">
            <CopyButton value={fresh.key} label={kt("copyKey")} class="primary" testid="copy-key" />
            <button type="button" onClick={() => setFresh(null)} data-testid="dismiss-key">
              {kt("keyDone")}
            </button>
          </div>
        </section>
      )}
      {list && held.length === 0 && <p class="muted">{kt("noApiKeys")}</p>}
      <ul class="owned" data-testid="api-key-list" data-loaded={list !== null}>
        {held.map((k) => (
          <li key={k.id} class="row wrap">
            <KeyLine k={k} />
            <button
              type="button"
              class="danger"
              disabled={busy}
              onClick={() => revoke(k)}
              aria-label={`${kt(armed === k.id ? "revokeSure" : "revokeKey")} ${k.name}`}
            >
              {kt(armed === k.id ? "revokeSure" : "revokeKey")}
            </button>
          </li>
        ))}
      </ul>
      <form class="stack apikey-form" onSubmit={create}>
        <label class="field">
          <span>{kt("keyName")}</span>
          <input
            type="text"
            value={name}
            maxLength={NAME_MAX}
            required
            onInput={(e) => setName(e.currentTarget.value)}
            data-testid="key-name"
          />
        </label>
        <fieldset class="stack apikey-scopes-pick">
          <legend class="small">{kt("keyScopes")}</legend>
          {API_KEY_SCOPES.map((s) => (
            <label key={s}>
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => toggle(s, e.currentTarget.checked)}
                data-testid={`scope-${s}`}
              />{" "}
              <code>{s}</code> <span class="muted small">{kt(`scope.${s}`)}</span>
            </label>
          ))}
          {scopes.length === 0 && <span class="error small">{kt("pickScope")}</span>}
        </fieldset>
        <label class="field">
          <span>{kt("keyExpiry")}</span>
          <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))} data-testid="key-expiry">
            <option value={0}>{kt("expiryNever")}</option>
            {EXPIRY_DAYS.map((n) => (
              <option key={n} value={n}>
                {kt("expiryDays", { n })}
              </option>
            ))}
          </select>
        </label>
        <div class="row">
          <button type="submit" class="primary" disabled={busy || !name.trim() || scopes.length === 0} data-testid="create-key">
            {kt("createKey")}
          </button>
        </div>
      </form>
      {error && (
        <p class="error" role="alert" data-testid="api-key-error">
          {error}
        </p>
      )}
    </section>
  );
}
