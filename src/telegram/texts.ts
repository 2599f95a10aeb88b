// What the bot says, in English and Chinese (chosen by the user's
// language_code). Every value that came from outside is escaped by the caller.
import type { Lang } from "../../objects/mailbox/notice";

export interface Texts {
  help: string;
  unknown: (cmd: string) => string;
  notACommand: string;
  usage: (usage: string) => string;
  created: (address: string, token: string, expires: string) => string;
  bound: (address: string) => string;
  badCredential: string;
  credentialGone: string;
  chatFull: (limit: number) => string;
  refused: (why: string) => string;
  list: (lines: string[]) => string;
  listEmpty: string;
  notHere: (address: string) => string;
  unbound: (address: string) => string;
  gone: (address: string) => string;
  deleted: (address: string) => string;
  mailsEmpty: (address: string) => string;
  mailsTitle: (address: string) => string;
  expiresIn: (hours: number) => string;
  open: string;
  noSubject: string;
  privateSite: string;
}

const en: Texts = {
  help: [
    "<b>Pigeonhole</b>: disposable addresses, every new mail pushed here.",
    "",
    "/new [name] — create an address bound to this chat",
    "/bind &lt;credential&gt; — push an existing address here (its token)",
    "/list — addresses bound to this chat",
    "/mails &lt;address&gt; — the latest 5 mails, with codes",
    "/unbind &lt;address&gt; — stop pushing an address here",
    "/delete &lt;address&gt; — delete an address and its mail",
  ].join("\n"),
  unknown: (cmd) => `Unknown command ${cmd}. Send /start to see what I can do.`,
  notACommand: "I only understand commands. Send /start to see them.",
  usage: (u) => `Usage: ${u}`,
  created: (a, t, e) =>
    `New address <code>${a}</code> (bound to this chat, expires ${e}).\n\nIts credential, for the API and /bind (keep it secret):\n<code>${t}</code>`,
  bound: (a) => `Bound <code>${a}</code>: new mail will be pushed here.`,
  badCredential: "That credential is not valid. Send the token you got when the address was created.",
  credentialGone: "That address was deleted or has expired; its credential no longer works.",
  chatFull: (n) => `This chat already has ${n} addresses (the limit). /unbind or /delete one first.`,
  refused: (why) => `Not done: ${why}`,
  list: (lines) => `Addresses bound to this chat:\n${lines.join("\n")}`,
  listEmpty: "No addresses are bound to this chat. Create one with /new.",
  notHere: (a) => `<code>${a}</code> is not bound to this chat. See /list.`,
  unbound: (a) => `Unbound <code>${a}</code>: no more pushes here.`,
  gone: (a) => `<code>${a}</code> no longer exists (deleted or expired); removed from this chat.`,
  deleted: (a) => `Deleted <code>${a}</code> and all its mail.`,
  mailsEmpty: (a) => `No mail in <code>${a}</code> yet.`,
  mailsTitle: (a) => `Latest mail in <code>${a}</code>:`,
  expiresIn: (h) => `expires in ${h} h`,
  open: "open",
  noSubject: "(no subject)",
  privateSite: "This site is private: this chat may not create addresses. /bind an address you already have instead.",
};

const zh: Texts = {
  help: [
    "<b>Pigeonhole</b>：临时邮箱，新邮件会推送到这里。",
    "",
    "/new [名称] — 创建一个绑定到此聊天的地址",
    "/bind &lt;凭证&gt; — 将已有地址推送到这里（使用其令牌）",
    "/list — 已绑定到此聊天的地址",
    "/mails &lt;地址&gt; — 最近 5 封邮件及验证码",
    "/unbind &lt;地址&gt; — 停止推送该地址",
    "/delete &lt;地址&gt; — 删除地址及其所有邮件",
  ].join("\n"),
  unknown: (cmd) => `未知命令 ${cmd}。发送 /start 查看可用命令。`,
  notACommand: "我只理解命令。发送 /start 查看。",
  usage: (u) => `用法：${u}`,
  created: (a, t, e) =>
    `新地址 <code>${a}</code>（已绑定到此聊天，${e} 过期）。\n\n它的凭证，用于 API 和 /bind（请保密）：\n<code>${t}</code>`,
  bound: (a) => `已绑定 <code>${a}</code>：新邮件将推送到这里。`,
  badCredential: "该凭证无效。请发送创建地址时得到的令牌。",
  credentialGone: "该地址已被删除或已过期，凭证不再有效。",
  chatFull: (n) => `此聊天已绑定 ${n} 个地址（上限）。请先 /unbind 或 /delete 一个。`,
  refused: (why) => `未完成：${why}`,
  list: (lines) => `已绑定到此聊天的地址：\n${lines.join("\n")}`,
  listEmpty: "此聊天还没有绑定地址。使用 /new 创建一个。",
  notHere: (a) => `<code>${a}</code> 未绑定到此聊天。查看 /list。`,
  unbound: (a) => `已解绑 <code>${a}</code>：不再推送到这里。`,
  gone: (a) => `<code>${a}</code> 已不存在（已删除或过期），已从此聊天移除。`,
  deleted: (a) => `已删除 <code>${a}</code> 及其所有邮件。`,
  mailsEmpty: (a) => `<code>${a}</code> 还没有邮件。`,
  mailsTitle: (a) => `<code>${a}</code> 的最新邮件：`,
  expiresIn: (h) => `${h} 小时后过期`,
  open: "打开",
  noSubject: "（无主题）",
  privateSite: "本站为私有站点：此聊天不能创建地址。可以用 /bind 绑定已有的地址。",
};

export function texts(lang: Lang): Texts {
  return lang === "zh" ? zh : en;
}
