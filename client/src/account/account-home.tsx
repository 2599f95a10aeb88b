// Signed in: the account's addresses (open one in the inbox, release it, make a new one, keep the current one).
import { useEffect, useState } from "preact/hooks";
import type { OwnedAddressList } from "../../../src/contract/accounts";
import { formatTime } from "../browser";
import { addAddress, addresses, current } from "../inbox";
import { useNewest } from "../newest";
import { saveAddresses } from "../saved";
import { clientFor } from "../service";
import { at } from "./account-i18n";
import { AccountKeys } from "./account-keys";
import { AccountSecurity } from "./account-security";
import { account, errorMessage, me, signedOut } from "./account-state";

const NEVER_YEAR = "9999";

/** Reads a saved address's expiry again (after it left the account, it no longer lives for ever). */
async function refreshExpiry(address: string): Promise<void> {
  const saved = addresses.value.find((a) => a.address === address);
  if (!saved) return;
  const { expiresAt } = await clientFor(saved).meta();
  addresses.value = addresses.value.map((a) => (a.address === address ? { ...a, expiresAt } : a));
  saveAddresses(addresses.value);
}

export function AccountHome({ onClose }: { onClose: () => void }) {
  const [list, setList] = useState<OwnedAddressList | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const user = me.value;

  const read = useNewest();
  const refresh = () => read(account().addresses(), setList).catch((err: Error) => setError(err.message));
  useEffect(() => {
    refresh();
  }, []);

  async function act(task: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await task();
      await refresh();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  /** Opens an owned address in the inbox with a credential of its own (a share link then shares the address, never the account). */
  const open = (address: string) =>
    act(async () => {
      const cred = await account().addressToken(address);
      addAddress({ address: cred.address, token: cred.token, expiresAt: cred.expiresAt });
      onClose();
    });

  const create = () =>
    act(async () => {
      const made = await account().createAddress();
      addAddress({ address: made.address, token: made.token, expiresAt: made.expiresAt });
    });

  const saved = current.value;
  const held = list?.addresses ?? [];
  const canKeep = saved && !held.some((a) => a.address === saved.address);

  return (
    <div class="stack">
      <div class="row wrap">
        <span data-testid="signed-in-as">{at("signedInAs", { name: user?.username ?? "" })}</span>
        <span class="spacer" />
        <button type="button" onClick={() => account().signOut().finally(signedOut)} data-testid="sign-out">
          {at("signOut")}
        </button>
      </div>
      <section class="stack" aria-labelledby="my-addresses">
        <h3 id="my-addresses">
          {at("myAddresses")} {list && <span class="muted small">({at("of", { n: held.length, limit: list.limit })})</span>}
        </h3>
        {list && held.length === 0 && <p class="muted">{at("noAddresses")}</p>}
        <ul class="owned" data-testid="owned-addresses">
          {held.map((a) => (
            <li key={a.address} class="row wrap">
              <span class="address grow">{a.address}</span>
              <span class="muted small">
                {a.expiresAt.startsWith(NEVER_YEAR) ? at("never") : at("expires", { when: formatTime(a.expiresAt, true) })}
              </span>
              <button type="button" disabled={busy} onClick={() => open(a.address)} aria-label={`${at("openInbox")} ${a.address}`}>
                {at("openInbox")}
              </button>
              <button
                type="button"
                class="danger"
                disabled={busy}
                onClick={() =>
                  act(async () => {
                    await account().release(a.address);
                    // The inbox shows this address's expiry: no longer "never".
                    await refreshExpiry(a.address).catch(() => undefined);
                  })
                }
                aria-label={`${at("release")} ${a.address}`}
              >
                {at("release")}
              </button>
            </li>
          ))}
        </ul>
        <div class="row wrap">
          <button type="button" class="primary" disabled={busy} onClick={create} data-testid="new-owned">
            {at("newOwned")}
          </button>
          {canKeep && (
            <button type="button" disabled={busy} onClick={() => act(() => account().bind(saved.token))} data-testid="keep-current">
              {at("keepCurrent", { address: saved.address })}
            </button>
          )}
        </div>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </section>
      <AccountKeys />
      <AccountSecurity />
    </div>
  );
}
