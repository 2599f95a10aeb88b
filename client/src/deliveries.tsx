// The delivery log (what arrived, what was junked or turned away and why) and the senders this
// address blocks. Loaded on first use; its strings live here, not in the first load.
import { useEffect, useState } from "preact/hooks";
import type { BlockedSenderList, DeliveryAttempt, DeliveryLog } from "../../src/contract/wire";
import { formatSize, formatTime } from "./browser";
import { lang } from "./i18n";
import { current, folder, openMessage } from "./inbox";
import { clientFor } from "./service";
import { showingDeliveries } from "./showing-deliveries";

const en = {
  title: "Deliveries",
  intro: "The latest mail sent to this address: what was accepted, put in Junk, or turned away and why.",
  close: "Close deliveries",
  refresh: "Refresh",
  none: "Nothing has been sent to this address yet.",
  accepted: "Accepted",
  junk: "Junk",
  rejected: "Rejected",
  blocked_sender: "Blocked sender",
  blocked_by_deployment: "Blocked by this service",
  too_large: "Too large",
  mailbox_full: "Mailbox full",
  young_mail: "Mailbox full of recent mail",
  dmarc_fail: "Failed DMARC",
  fallback: "Read by the fallback parser",
  failed: "Could not be parsed; kept as raw source",
  bounce: "(empty sender: a bounce)",
  open: "Open",
  block: "Block",
  blockSender: "Block {sender}",
  blockedTitle: "Blocked senders",
  blockedIntro: "Mail from these addresses and domains (with their subdomains) is refused. {n} of {limit} used.",
  blockedNone: "No sender is blocked.",
  senderLabel: "Address or domain to block",
  senderHint: "e.g. spam@example.com or example.com",
  unblock: "Unblock {sender}",
};

const zh: typeof en = {
  title: "投递记录",
  intro: "最近发往此地址的邮件：哪些已接收、归入垃圾邮件，或被拒收及原因。",
  close: "关闭投递记录",
  refresh: "刷新",
  none: "还没有邮件发往此地址。",
  accepted: "已接收",
  junk: "垃圾邮件",
  rejected: "已拒收",
  blocked_sender: "发件人已被屏蔽",
  blocked_by_deployment: "被本服务屏蔽",
  too_large: "邮件过大",
  mailbox_full: "邮箱已满",
  young_mail: "邮箱已满（均为新邮件）",
  dmarc_fail: "未通过 DMARC",
  fallback: "由备用解析器读取",
  failed: "无法解析，已保留原始内容",
  bounce: "（空发件人：退信）",
  open: "打开",
  block: "屏蔽",
  blockSender: "屏蔽 {sender}",
  blockedTitle: "已屏蔽的发件人",
  blockedIntro: "来自这些地址和域名（含子域名）的邮件会被拒收。已用 {n} / {limit}。",
  blockedNone: "没有屏蔽任何发件人。",
  senderLabel: "要屏蔽的地址或域名",
  senderHint: "例如 spam@example.com 或 example.com",
  unblock: "取消屏蔽 {sender}",
};

type Key = keyof typeof en;

function say(key: Key, vars: Record<string, string | number> = {}): string {
  let s = (lang.value === "zh" ? zh : en)[key];
  for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}

function Attempt({ a, blocked, onBlock }: { a: DeliveryAttempt; blocked: boolean; onBlock: (sender: string) => void }) {
  const sender = a.envelopeFrom.trim();
  return (
    <li class={`attempt ${a.outcome}`} data-testid="attempt" data-outcome={a.outcome} data-reason={a.reason ?? undefined}>
      <div class="row wrap">
        <strong class="outcome">{say(a.outcome)}</strong>
        {a.reason && <span>{say(a.reason)}</span>}
        <span class="spacer" />
        <time class="muted small" dateTime={a.at}>
          {formatTime(a.at, true)}
        </time>
      </div>
      <div class="row wrap small">
        <span class="sender">{sender || say("bounce")}</span>
        <span class="muted">{formatSize(a.size)}</span>
        <span class="spacer" />
        {a.messageId !== null && (
          <button
            type="button"
            class="link"
            onClick={() => {
              folder.value = a.outcome === "junk" ? "junk" : "inbox";
              openMessage(a.messageId as number);
            }}
          >
            {say("open")}
          </button>
        )}
        {sender && !blocked && (
          <button type="button" onClick={() => onBlock(sender)} aria-label={say("blockSender", { sender })} data-testid="block-attempt">
            {say("block")}
          </button>
        )}
      </div>
      {a.detail && a.outcome === "rejected" && <div class="muted small">{a.detail}</div>}
      {(a.parse === "fallback" || a.parse === "failed") && <div class="muted small">{say(a.parse)}</div>}
    </li>
  );
}

export function Deliveries({ onError }: { onError: (msg: string) => void }) {
  const saved = current.value;
  const [log, setLog] = useState<DeliveryLog | null>(null);
  const [blocked, setBlocked] = useState<BlockedSenderList | null>(null);
  const [sender, setSender] = useState("");
  const [busy, setBusy] = useState(false);
  const client = saved && clientFor(saved);

  const load = () => {
    if (!client) return;
    Promise.all([client.deliveries(), client.blockedSenders()]).then(
      ([l, b]) => {
        setLog(l);
        setBlocked(b);
      },
      (err: Error) => onError(err.message),
    );
  };
  useEffect(load, [saved?.address]);

  if (!client) return null;

  const act = async (work: Promise<unknown>) => {
    setBusy(true);
    try {
      await work;
      load();
      return true;
    } catch (err) {
      onError((err as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const blockOne = (s: string) => act(client.blockSender(s));
  const isBlocked = (s: string) => {
    const a = s.toLowerCase();
    const domain = a.slice(a.lastIndexOf("@") + 1);
    return !!blocked?.blockedSenders.some((b) =>
      b.kind === "address" ? b.sender === a : domain === b.sender || domain.endsWith(`.${b.sender}`),
    );
  };

  return (
    <section class="view deliveries" aria-labelledby="deliveries-title" data-testid="deliveries">
      <div class="row wrap">
        <button type="button" class="back" onClick={() => (showingDeliveries.value = false)} aria-label={say("close")}>
          ←
        </button>
        <h2 id="deliveries-title">{say("title")}</h2>
        <span class="spacer" />
        <button type="button" onClick={load} data-testid="deliveries-refresh">
          {say("refresh")}
        </button>
      </div>
      <p class="muted small">{say("intro")}</p>
      {log === null ? null : log.deliveries.length === 0 ? (
        <p class="muted" data-testid="deliveries-empty">
          {say("none")}
        </p>
      ) : (
        <ol class="attempts" data-testid="attempts">
          {log.deliveries.map((a) => (
            <Attempt key={a.id} a={a} blocked={isBlocked(a.envelopeFrom)} onBlock={blockOne} />
          ))}
        </ol>
      )}
      <h3>{say("blockedTitle")}</h3>
      {blocked && <p class="muted small">{say("blockedIntro", { n: blocked.blockedSenders.length, limit: blocked.limit })}</p>}
      <form
        class="row wrap"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await blockOne(sender.trim())) setSender("");
        }}
      >
        <label class="grow">
          <span class="sr-only">{say("senderLabel")}</span>
          <input
            value={sender}
            placeholder={say("senderHint")}
            aria-label={say("senderLabel")}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setSender(e.currentTarget.value)}
            data-testid="block-input"
          />
        </label>
        <button type="submit" disabled={busy || !sender.trim()} data-testid="block-submit">
          {say("block")}
        </button>
      </form>
      {blocked && blocked.blockedSenders.length === 0 && <p class="muted small">{say("blockedNone")}</p>}
      <ul class="blocked" data-testid="blocked">
        {blocked?.blockedSenders.map((b) => (
          <li key={b.sender} class="row">
            <span class="sender">{b.kind === "domain" ? `*@${b.sender}` : b.sender}</span>
            <span class="spacer" />
            <button
              type="button"
              disabled={busy}
              onClick={() => act(client.unblockSender(b.sender))}
              aria-label={say("unblock", { sender: b.sender })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
