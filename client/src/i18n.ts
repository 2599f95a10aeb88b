// English and Chinese strings; the language follows the browser until the user picks one.
import { computed, signal } from "@preact/signals";

const en = {
  brand: "Pigeonhole",
  tagline: "Disposable addresses. Mail arrives the moment it lands.",
  getAddress: "Get an address",
  random: "Random address",
  create: "Create",
  name: "Name",
  domain: "Domain",
  chooseName: "Choose a name",
  orChoose: "or choose one",
  openExisting: "Open an address you already have",
  credential: "Credential or share link",
  open: "Open",
  badCredential: "That is not a Pigeonhole credential or share link.",
  copy: "Copy",
  copied: "Copied",
  copyAddress: "Copy address",
  copyShare: "Copy share link",
  shareHint: "Anyone with the share link can read this inbox.",
  newAddress: "New address",
  switchAddress: "Switch address",
  deleteAddress: "Delete address",
  forget: "Forget",
  confirm: "Sure?",
  expires: "Expires",
  live: "Live",
  connecting: "Connecting…",
  offline: "Offline, reconnecting…",
  closed: "Not connected",
  ended: "This address has expired or was deleted.",
  refused: "This credential is no longer valid.",
  retry: "Retry now",
  inbox: "Inbox",
  empty: "Waiting for mail. Anything sent to this address shows up here at once.",
  clearAll: "Clear all",
  noSubject: "(no subject)",
  from: "From",
  to: "To",
  cc: "Cc",
  date: "Date",
  codes: "Codes and links",
  html: "HTML",
  text: "Text",
  noText: "This message has no text part.",
  loadImages: "Load remote images",
  blockedImages: "{n} remote images blocked",
  remoteOn: "Remote images loaded",
  attachments: "Attachments",
  download: "Download",
  raw: "Download .eml",
  delete: "Delete",
  back: "Back to inbox",
  loading: "Loading…",
  parseError: "This message could not be parsed; the raw source is kept.",
  notify: "Desktop notifications",
  theme: "Theme",
  themeAuto: "Auto",
  themeLight: "Light",
  themeDark: "Dark",
  language: "Language",
  messageFrame: "Message content",
  messages: "Messages",
  unread: "unread",
  keys: "Keys: j/k move, Enter opens, Delete deletes",
  dismiss: "Dismiss",
  errorTaken: "That address is taken. Try another name.",
  errorInvalid: "Not a valid name: {detail}",
  errorNetwork: "Cannot reach the server. Check your connection and try again.",
  notHere: "The linked message is in {address}, which isn't opened in this browser. Paste its credential or share link below to open it.",
};

export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  brand: "Pigeonhole 信鸽",
  tagline: "一次性邮箱地址。邮件一到，立即显示。",
  getAddress: "获取地址",
  random: "随机地址",
  create: "创建",
  name: "名称",
  domain: "域名",
  chooseName: "自选名称",
  orChoose: "或自选一个",
  openExisting: "打开已有地址",
  credential: "凭据或分享链接",
  open: "打开",
  badCredential: "这不是有效的 Pigeonhole 凭据或分享链接。",
  copy: "复制",
  copied: "已复制",
  copyAddress: "复制地址",
  copyShare: "复制分享链接",
  shareHint: "任何拿到分享链接的人都能读取此收件箱。",
  newAddress: "新地址",
  switchAddress: "切换地址",
  deleteAddress: "删除地址",
  forget: "移除",
  confirm: "确定？",
  expires: "过期时间",
  live: "实时",
  connecting: "连接中…",
  offline: "已离线，正在重连…",
  closed: "未连接",
  ended: "此地址已过期或已被删除。",
  refused: "此凭据已失效。",
  retry: "立即重试",
  inbox: "收件箱",
  empty: "等待邮件。发往此地址的邮件会立即出现在这里。",
  clearAll: "全部清空",
  noSubject: "（无主题）",
  from: "发件人",
  to: "收件人",
  cc: "抄送",
  date: "日期",
  codes: "验证码和链接",
  html: "HTML",
  text: "纯文本",
  noText: "此邮件没有纯文本部分。",
  loadImages: "加载远程图片",
  blockedImages: "已阻止 {n} 张远程图片",
  remoteOn: "已加载远程图片",
  attachments: "附件",
  download: "下载",
  raw: "下载 .eml",
  delete: "删除",
  back: "返回收件箱",
  loading: "加载中…",
  parseError: "此邮件无法解析；原始内容已保留。",
  notify: "桌面通知",
  theme: "主题",
  themeAuto: "自动",
  themeLight: "浅色",
  themeDark: "深色",
  language: "语言",
  messageFrame: "邮件内容",
  messages: "邮件列表",
  unread: "未读",
  keys: "快捷键：j/k 移动，Enter 打开，Delete 删除",
  dismiss: "关闭",
  errorTaken: "该地址已被占用，请换一个名称。",
  errorInvalid: "名称无效：{detail}",
  errorNetwork: "无法连接服务器，请检查网络后重试。",
  notHere: "链接中的邮件属于 {address}，此浏览器尚未打开该地址。请在下方粘贴它的凭据或分享链接来打开。",
};

export type Lang = "en" | "zh";
const KEY = "pigeonhole.lang";

function initial(): Lang {
  const saved = localStorage.getItem(KEY);
  if (saved === "en" || saved === "zh") return saved;
  return (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
}

export const lang = signal<Lang>(initial());
const dict = computed(() => (lang.value === "zh" ? zh : en));

export function t(key: Key, vars?: Record<string, string | number>): string {
  let s = dict.value[key];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}

export function setLang(next: Lang): void {
  lang.value = next;
  localStorage.setItem(KEY, next);
}
