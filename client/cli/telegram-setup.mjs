#!/usr/bin/env node
// `npm run telegram:setup -- --url https://mail.example.com`: setWebhook and setMyCommands for the bot (never prints the token).
// Reads TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET and TELEGRAM_API_BASE (default https://api.telegram.org).

const COMMANDS = {
  en: [
    ["start", "What this bot does"],
    ["new", "Create an address bound to this chat: /new [name]"],
    ["bind", "Push an existing address here: /bind <credential>"],
    ["list", "Addresses bound to this chat"],
    ["mails", "Latest 5 mails with codes: /mails <address>"],
    ["unbind", "Stop pushing an address here: /unbind <address>"],
    ["delete", "Delete an address and its mail: /delete <address>"],
  ],
  zh: [
    ["start", "这个机器人能做什么"],
    ["new", "创建绑定到此聊天的地址：/new [名称]"],
    ["bind", "推送已有地址到这里：/bind <凭证>"],
    ["list", "已绑定到此聊天的地址"],
    ["mails", "最近 5 封邮件及验证码：/mails <地址>"],
    ["unbind", "停止推送该地址：/unbind <地址>"],
    ["delete", "删除地址及其邮件：/delete <地址>"],
  ],
};

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function die(message) {
  console.error(`telegram:setup: ${message}`);
  process.exit(1);
}

const token = process.env.TELEGRAM_BOT_TOKEN;
const secret = process.env.TELEGRAM_WEBHOOK_SECRET;
const publicUrl = (arg("url") ?? process.env.PUBLIC_URL ?? "").replace(/\/+$/, "");
const apiBase = (process.env.TELEGRAM_API_BASE || "https://api.telegram.org").replace(/\/+$/, "");

if (!token) die("set TELEGRAM_BOT_TOKEN (from @BotFather).");
if (!secret || !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
  die("set TELEGRAM_WEBHOOK_SECRET: 1-256 characters of A-Z a-z 0-9 _ - (e.g. `openssl rand -hex 32`).");
}
if (!/^https?:\/\//.test(publicUrl)) die("pass --url https://your.domain (or set PUBLIC_URL): where this Worker is reachable.");

async function call(method, body) {
  let res;
  try {
    res = await fetch(`${apiBase}/bot${token}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch (err) {
    // The URL holds the token: report the method and the cause, never the URL.
    die(
      `${method} failed: ${String(err?.cause?.code ?? err?.cause?.message ?? err?.message ?? err)
        .split(token)
        .join("<token>")}`,
    );
  }
  const json = await res.json().catch(() => null);
  if (!res.ok || !json?.ok) die(`${method} failed: ${res.status} ${json?.description ?? res.statusText}`);
  return json.result;
}

const webhookUrl = `${publicUrl}/telegram/webhook`;
await call("setWebhook", { url: webhookUrl, secret_token: secret, allowed_updates: ["message"] });
console.log(`setWebhook: ${webhookUrl} (secret set)`);
for (const [lang, list] of Object.entries(COMMANDS)) {
  const commands = list.map(([command, description]) => ({ command, description }));
  await call("setMyCommands", lang === "en" ? { commands } : { commands, language_code: lang });
  console.log(`setMyCommands (${lang}): ${commands.map((c) => `/${c.command}`).join(" ")}`);
}
const info = await call("getWebhookInfo", {});
console.log(
  `getWebhookInfo: url=${info?.url ?? "?"} pending=${info?.pending_update_count ?? 0}${info?.last_error_message ? ` last_error=${info.last_error_message}` : ""}`,
);
