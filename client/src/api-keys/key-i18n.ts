// The strings of the API key manager, English and Chinese: one set for the account page and the admin console.
import { translator } from "../i18n";

const en = {
  of: "{n} of {limit}",
  noApiKeys: "No API keys yet.",
  keyName: "Key name",
  keyScopes: "What the key may do",
  "scope.addresses:create": "create addresses",
  "scope.addresses:read": "read the addresses it created",
  "scope.send": "send from them",
  pickScope: "Pick at least one.",
  keyExpiry: "Expires",
  expiryNever: "never (until revoked)",
  expiryDays: "in {n} days",
  createKey: "Create key",
  keyCreated: "Your new key “{name}”",
  keyOnce: "Copy it now: you will not see this key again. Keep it as you would a password.",
  copyKey: "Copy key",
  keyDone: "I have copied it",
  keyHint: "ends in …{hint}",
  created: "created {when}",
  never: "never expires",
  expires: "expires {when}",
  expired: "expired {when}",
  lastUsed: "last used {when}",
  neverUsed: "never used",
  revokeKey: "Revoke",
  revokeSure: "Revoke: sure?",
  keyLimit: "An account holds at most {limit} keys; revoke one first.",
};

export type KeyText = keyof typeof en;

const zh: Record<KeyText, string> = {
  of: "{n} / {limit}",
  noApiKeys: "还没有 API 密钥。",
  keyName: "密钥名称",
  keyScopes: "密钥权限",
  "scope.addresses:create": "创建地址",
  "scope.addresses:read": "读取它创建的地址",
  "scope.send": "从这些地址发信",
  pickScope: "请至少选择一项。",
  keyExpiry: "过期时间",
  expiryNever: "永不（直到撤销）",
  expiryDays: "{n} 天后",
  createKey: "创建密钥",
  keyCreated: "新密钥“{name}”",
  keyOnce: "请立即复制：此密钥不会再次显示。请像保管密码一样保管它。",
  copyKey: "复制密钥",
  keyDone: "我已复制",
  keyHint: "末尾为 …{hint}",
  created: "创建于 {when}",
  never: "永不过期",
  expires: "{when} 过期",
  expired: "已于 {when} 过期",
  lastUsed: "上次使用 {when}",
  neverUsed: "从未使用",
  revokeKey: "撤销",
  revokeSure: "撤销：确定？",
  keyLimit: "每个账户最多 {limit} 个密钥，请先撤销一个。",
};

export const kt = translator<KeyText>(en, zh);
