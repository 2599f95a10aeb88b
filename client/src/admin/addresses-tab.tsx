// Addresses: search by substring, newest first, page on; open one (an audited credential), set its send quota, delete it.
import { useEffect, useState } from "preact/hooks";
import type { DirectoryAddress } from "../../../src/contract/accounts";
import { formatTime } from "../browser";
import { ConfirmButton } from "../confirm-button";
import { type AdminKey, tt } from "./admin-i18n";
import { admin } from "./admin-state";
import { SearchForm, useTask } from "./admin-task";

export function AddressesTab() {
  const [query, setQuery] = useState("");
  const [rows, setRows] = useState<DirectoryAddress[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [quota, setQuota] = useState<Record<string, string>>({});
  const [link, setLink] = useState<{ address: string; href: string } | null>(null);
  const { act, messages } = useTask();

  const load = (before?: number) =>
    act(async () => {
      const page = await admin().addresses({ query: query.trim() || undefined, before });
      setRows(before === undefined ? page.addresses : [...(rows ?? []), ...page.addresses]);
      setNext(page.nextBefore);
    });
  useEffect(() => {
    load();
  }, []);

  const open = (address: string) =>
    act(async () => {
      const cred = await admin().addressToken(address);
      setLink({ address, href: `${location.origin}/#token=${encodeURIComponent(cred.token)}` });
    });

  return (
    <div class="stack">
      <SearchForm query={query} onQuery={setQuery} onSearch={() => load()} testId="address-search" />
      {link && (
        <p role="status">
          <a href={link.href} target="_blank" rel="noopener noreferrer" data-testid="open-link">
            {tt("opened", { address: link.address })}
          </a>
        </p>
      )}
      {rows === null ? null : rows.length === 0 ? (
        <p class="muted" data-testid="no-addresses">
          {tt("none")}
        </p>
      ) : (
        <table class="table" data-testid="address-table">
          <thead>
            <tr>
              <th scope="col">{tt("address")}</th>
              <th scope="col">{tt("state")}</th>
              <th scope="col">{tt("expires")}</th>
              <th scope="col">{tt("actions")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.address}>
                <td class="breaks">
                  {r.address}
                  <div class="muted small">
                    {tt("created")}: {formatTime(r.createdAt, true)}
                    {r.owner && ` · ${tt("owner")}: ${r.owner.slice(0, 8)}`}
                  </div>
                </td>
                <td>{tt(r.state as AdminKey)}</td>
                <td class="small">{r.expiresAt.startsWith("9999") ? tt("never") : formatTime(r.expiresAt, true)}</td>
                <td>
                  {r.state === "active" && (
                    <div class="row wrap">
                      <button type="button" onClick={() => open(r.address)} aria-label={`${tt("open")} ${r.address}`}>
                        {tt("open")}
                      </button>
                      <input
                        type="number"
                        min="0"
                        class="quota"
                        value={quota[r.address] ?? ""}
                        aria-label={`${tt("quota")}: ${r.address}`}
                        placeholder={tt("quota")}
                        onInput={(e) => setQuota({ ...quota, [r.address]: e.currentTarget.value })}
                      />
                      <button
                        type="button"
                        disabled={!quota[r.address]}
                        onClick={() => act(() => admin().setSendQuota(r.address, Number(quota[r.address])), tt("saved"))}
                        aria-label={`${tt("setQuota")} ${tt("quota")}: ${r.address}`}
                      >
                        {tt("setQuota")}
                      </button>
                      <ConfirmButton
                        label={tt("delete")}
                        describe={r.address}
                        onConfirm={() =>
                          act(async () => {
                            await admin().deleteAddress(r.address);
                            setRows((rows ?? []).map((x) => (x.address === r.address ? { ...x, state: "deleted" } : x)));
                          })
                        }
                      />
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next !== null && (
        <button type="button" onClick={() => load(next)} data-testid="more">
          {tt("more")}
        </button>
      )}
      {messages}
    </div>
  );
}
