// An address's password, "sign out everywhere", and opening an address with its password: a chunk
// of its own (with its own strings), fetched the first time one of them is asked for.
import { useState } from "preact/hooks";
import { ConfirmButton } from "./confirm-button";
import { translator } from "./i18n";
import { addAddress, current } from "./inbox";
import { clientFor, PigeonholeError, service } from "./service";

const st = translator(
  {
    title: "Password and sign-out",
    currentPassword: "Current password (if it has one)",
    newPassword: "New password",
    setPassword: "Set password",
    saved: "Password set. Open this address anywhere with it.",
    signOutEverywhere: "Sign out everywhere",
    signedOut: "Every other credential and share link of this address has stopped working; this tab goes on with a new one.",
    needsCurrent: "This address has a password: type it as the current password.",
    close: "Close",
    openWithPassword: "Open an address with its password",
    address: "Address",
    password: "Password",
    open: "Open",
    wrong: "Wrong address or password.",
  },
  {
    title: "密码与全部登出",
    currentPassword: "当前密码（如已设置）",
    newPassword: "新密码",
    setPassword: "设置密码",
    saved: "密码已设置。可在任何地方用它打开此地址。",
    signOutEverywhere: "全部登出",
    signedOut: "此地址的其他凭据和分享链接都已失效；本标签页换用新的凭据继续。",
    needsCurrent: "此地址已有密码：请填写当前密码。",
    close: "关闭",
    openWithPassword: "用密码打开地址",
    address: "地址",
    password: "密码",
    open: "打开",
    wrong: "地址或密码错误。",
  },
);

function explain(err: unknown): string {
  if (err instanceof PigeonholeError && err.status === 403) return st("needsCurrent");
  if (err instanceof PigeonholeError && err.status === 401) return st("wrong");
  return err instanceof Error ? err.message : String(err);
}

/** One password field of these forms (its label is its placeholder and accessible name). */
function Field(p: {
  label: string;
  value: string;
  set: (v: string) => void;
  autocomplete: "username" | "current-password" | "new-password";
  testid: string;
  required?: boolean;
}) {
  return (
    <input
      type="password"
      value={p.value}
      aria-label={p.label}
      placeholder={p.label}
      autocomplete={p.autocomplete}
      required={p.required}
      onInput={(e) => p.set(e.currentTarget.value)}
      data-testid={p.testid}
    />
  );
}

/** Set or change the current address's password, or end every other credential of it. */
export function AddressSecurity({ onClose }: { onClose: () => void }) {
  const saved = current.value;
  const [currentPassword, setCurrentPassword] = useState("");
  const [password, setPassword] = useState("");
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!saved) return null;
  const known = currentPassword === "" ? undefined : currentPassword;

  async function act(task: () => Promise<string>) {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      setNote(await task());
      setCurrentPassword("");
      setPassword("");
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  }

  const save = (e: Event) => {
    e.preventDefault();
    act(async () => {
      await clientFor(saved).setPassword(password, known);
      return st("saved");
    });
  };

  const signOutEverywhere = () =>
    act(async () => {
      const fresh = await clientFor(saved).revokeCredentials(known);
      // This tab carries on with the new credential; every other one (and every share link) is dead.
      addAddress({ address: fresh.address, token: fresh.token, expiresAt: fresh.expiresAt });
      return st("signedOut");
    });

  return (
    <section class="panel stack" aria-labelledby="address-security" data-testid="address-security">
      <h2 id="address-security">{st("title")}</h2>
      <form class="row wrap" onSubmit={save}>
        <Field
          label={st("currentPassword")}
          value={currentPassword}
          set={setCurrentPassword}
          autocomplete="current-password"
          testid="current-password"
        />
        <Field label={st("newPassword")} value={password} set={setPassword} autocomplete="new-password" required testid="new-password" />
        <button type="submit" disabled={busy} data-testid="set-password">
          {st("setPassword")}
        </button>
      </form>
      <div class="row wrap">
        <ConfirmButton label={st("signOutEverywhere")} testid="sign-out-everywhere" onConfirm={signOutEverywhere} />
        <button type="button" onClick={onClose}>
          {st("close")}
        </button>
      </div>
      {note && (
        <p role="status" data-testid="security-note">
          {note}
        </p>
      )}
      {error && (
        <p class="error" role="alert" data-testid="security-error">
          {error}
        </p>
      )}
    </section>
  );
}

/** Reopens an address with its password: the way back for someone who set one. */
export function PasswordLogin({ onDone }: { onDone?: () => void }) {
  const [address, setAddress] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const fresh = await service().login(address.trim().toLowerCase(), password);
      addAddress({ address: fresh.address, token: fresh.token, expiresAt: fresh.expiresAt });
      onDone?.();
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack" onSubmit={open} aria-label={st("openWithPassword")} data-testid="password-login">
      <div class="row wrap">
        <input
          type="email"
          value={address}
          aria-label={st("address")}
          placeholder={st("address")}
          autocomplete="username"
          required
          onInput={(e) => setAddress(e.currentTarget.value)}
          data-testid="login-address"
        />
        <Field label={st("password")} value={password} set={setPassword} autocomplete="current-password" required testid="login-password" />
        <button type="submit" disabled={busy} data-testid="login-open">
          {st("open")}
        </button>
      </div>
      {error && (
        <p class="error" role="alert" data-testid="login-error">
          {error}
        </p>
      )}
    </form>
  );
}
