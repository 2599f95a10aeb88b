// The blocklist (two lists, saved at once), users (search, create, disable, enable), the audit log and the statistics.
import { useEffect, useState } from "preact/hooks";
import type { AdminStats, AuditEntry, UserInfo } from "../../../src/contract/accounts";
import { formatTime } from "../browser";
import { tt } from "./admin-i18n";
import { admin } from "./admin-state";
import { SearchForm, useTask } from "./admin-task";

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

export function BlocklistTab() {
  const [senders, setSenders] = useState("");
  const [names, setNames] = useState("");
  const [loaded, setLoaded] = useState(false);
  const { act, messages } = useTask();
  useEffect(() => {
    act(async () => {
      const list = await admin().blocklist();
      setSenders(list.senders.join("\n"));
      setNames(list.names.join("\n"));
      setLoaded(true);
    });
  }, []);
  const save = (e: Event) => {
    e.preventDefault();
    act(async () => {
      const list = await admin().setBlocklist({ senders: lines(senders), names: lines(names) });
      setSenders(list.senders.join("\n"));
      setNames(list.names.join("\n"));
    }, tt("saved"));
  };
  return (
    <form class="stack" onSubmit={save}>
      <label class="stack">
        <span>{tt("senders")}</span>
        <textarea
          value={senders}
          disabled={!loaded}
          onInput={(e) => setSenders(e.currentTarget.value)}
          spellcheck={false}
          data-testid="blocked-senders"
        />
      </label>
      <label class="stack">
        <span>{tt("names")}</span>
        <textarea
          value={names}
          disabled={!loaded}
          onInput={(e) => setNames(e.currentTarget.value)}
          spellcheck={false}
          data-testid="blocked-names"
        />
      </label>
      <div class="row">
        <button type="submit" class="primary" disabled={!loaded} data-testid="save-blocklist">
          {tt("save")}
        </button>
      </div>
      {messages}
    </form>
  );
}

export function UsersTab() {
  const [query, setQuery] = useState("");
  const [users, setUsers] = useState<UserInfo[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const { act, messages } = useTask();
  const load = (before?: number) =>
    act(async () => {
      const page = await admin().users({ query: query.trim() || undefined, before });
      setUsers(before === undefined ? page.users : [...(users ?? []), ...page.users]);
      setNext(page.nextBefore);
    });
  useEffect(() => {
    load();
  }, []);
  const create = (e: Event) => {
    e.preventDefault();
    act(async () => {
      const made = await admin().createUser(name.trim(), password);
      setUsers([made, ...(users ?? [])]);
      setName("");
      setPassword("");
    }, tt("saved"));
  };
  const toggle = (u: UserInfo) =>
    act(async () => {
      const changed = await admin().setUserDisabled(u.id, !u.disabled);
      setUsers((users ?? []).map((x) => (x.id === u.id ? changed : x)));
    });
  return (
    <div class="stack">
      <SearchForm query={query} onQuery={setQuery} onSearch={load} />
      {users?.length === 0 && <p class="muted">{tt("none")}</p>}
      <ul class="owned" data-testid="user-list" data-loaded={users !== null}>
        {(users ?? []).map((u) => (
          <li key={u.id} class="row wrap">
            <span class="grow">
              {u.username}
              {u.disabled && <span class="muted small"> · {tt("disabled")}</span>}
            </span>
            <span class="muted small">
              {formatTime(u.createdAt, true)} · {u.passkeys} {tt("passkeys")}
            </span>
            <button type="button" onClick={() => toggle(u)} aria-label={`${tt(u.disabled ? "enable" : "disable")} ${u.username}`}>
              {tt(u.disabled ? "enable" : "disable")}
            </button>
          </li>
        ))}
      </ul>
      {next !== null && (
        <button type="button" onClick={() => load(next)}>
          {tt("more")}
        </button>
      )}
      <form class="row wrap" onSubmit={create}>
        <label class="grow">
          <span class="sr-only">{tt("username")}</span>
          <input
            value={name}
            placeholder={tt("username")}
            aria-label={tt("username")}
            autocomplete="off"
            onInput={(e) => setName(e.currentTarget.value)}
            data-testid="new-username"
          />
        </label>
        <label class="grow">
          <span class="sr-only">{tt("userPassword")}</span>
          <input
            type="password"
            value={password}
            placeholder={tt("userPassword")}
            aria-label={tt("userPassword")}
            autocomplete="new-password"
            onInput={(e) => setPassword(e.currentTarget.value)}
            data-testid="new-user-password"
          />
        </label>
        <button type="submit" disabled={!name.trim() || !password} data-testid="create-user">
          {tt("newUser")}
        </button>
      </form>
      {messages}
    </div>
  );
}

export function AuditTab() {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const { act, messages } = useTask();
  const load = (before?: number) =>
    act(async () => {
      const page = await admin().audit({ before });
      setEntries(before === undefined ? page.entries : [...(entries ?? []), ...page.entries]);
      setNext(page.nextBefore);
    });
  useEffect(() => {
    load();
  }, []);
  return (
    <div class="stack">
      <table class="table" data-testid="audit-table" data-loaded={entries !== null}>
        <thead>
          <tr>
            <th scope="col">{tt("when")}</th>
            <th scope="col">{tt("action")}</th>
            <th scope="col">{tt("target")}</th>
          </tr>
        </thead>
        <tbody>
          {(entries ?? []).map((e) => (
            <tr key={e.id}>
              <td class="small">{formatTime(e.at, true)}</td>
              <td>
                {e.action}
                {Object.keys(e.detail).length > 0 && <div class="muted small breaks">{JSON.stringify(e.detail)}</div>}
              </td>
              <td class="breaks">{e.target ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next !== null && (
        <button type="button" onClick={() => load(next)}>
          {tt("more")}
        </button>
      )}
      {messages}
    </div>
  );
}

export function StatsTab() {
  const [stats, setStats] = useState<AdminStats | null>(null);
  const { act, messages } = useTask();
  const load = () => act(async () => setStats(await admin().stats()));
  useEffect(() => {
    load();
  }, []);
  const figure = (label: string, value: number | undefined, testid: string) => (
    <div>
      <strong data-testid={testid}>{value ?? "…"}</strong>
      <span class="small muted">{label}</span>
    </div>
  );
  return (
    <div class="stack">
      <div class="figures">
        {figure(tt("activeAddresses"), stats?.activeAddresses, "stat-active")}
        {figure(tt("userCount"), stats?.users, "stat-users")}
        {figure(tt("receivedToday"), stats?.receivedToday, "stat-today")}
        {figure(tt("receivedTotal"), stats?.receivedTotal, "stat-total")}
        {figure(tt("sentToday"), stats?.sentToday, "stat-sent")}
      </div>
      {stats && <p class="muted small">{tt("countsDelay", { n: stats.countsDelaySeconds })}</p>}
      <div class="row">
        <button type="button" onClick={load}>
          {tt("refresh")}
        </button>
      </div>
      {messages}
    </div>
  );
}
