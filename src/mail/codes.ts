// Finds verification codes and one-time links in a message, so a person (or
// a script) does not have to read the mail to get them. Heuristic, tuned to
// prefer missing a code over offering a date, a year, a price or a phone number.
import type { FoundCode } from "../contract/wire";

const KEYWORD =
  "(?:verification|verify|confirmation|security|login|log-in|sign-in|signin|access|activation|authentication|auth|one[- ]time|single[- ]use|otp|2fa|mfa|pin|passcode|pass code|code|token" +
  "|验证码|驗證碼|校验码|校驗碼|动态码|動態碼|确认码|確認碼|登录码|登錄碼|安全码|安全碼|激活码|激活碼|验证代码|驗證代碼|代码|代碼|口令|密码)";

const KEYWORD_RE = new RegExp(KEYWORD, "gi");
// A candidate: 2-8 letters/digits, optionally grouped ("123 456", "ABC-123"), standing alone.
// ("G-318204": a one-letter prefix, as Google sends.)
const TOKEN = /(?<![\w@.%/:+-])([A-Z]-\d{4,8}|[A-Z0-9]{2,8}(?:[- ][A-Z0-9]{2,4})?)(?![\w@%/:-]|\.\w)/gi;
const CODE_FIRST = new RegExp(`^\\s*(?:is|为|為|是)\\s.{0,30}?${KEYWORD}`, "i");

const LINK_WORDS =
  /(verif|confirm|activat|magic|login|log-in|signin|sign-in|sign_in|reset|token|auth|validate|otp|passwordless|invite|accept)/i;
const NOT_LINK = /(unsubscribe|optout|opt-out|preferences|privacy|terms|\.(png|jpe?g|gif|css|js|svg|ico)(\?|$))/i;

function plausibleCode(raw: string): string | null {
  const code = raw.trim();
  const compact = code.replace(/[- ]/g, "");
  if (compact.length < 4 || compact.length > 8) return null;
  if (!/\d/.test(compact)) return null; // words like "CODE" or "Hello"
  if (/^(19|20)\d\d$/.test(compact)) return null; // a year
  if (/^\d+$/.test(compact) && /^(\d)\1+$/.test(compact) && compact.length < 6) return null; // 0000
  if (/^[A-Z]+\d{1,2}$/i.test(compact) && compact.length <= 5) return null; // "UTF8", "SHA2"
  return code;
}

/** Removes things that look like codes but are not: dates, times, prices, phones. */
function scrub(text: string): string {
  return text
    .replace(/\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b/g, " ")
    .replace(/\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b/g, " ")
    .replace(/\b\d{1,2}:\d{2}(?::\d{2})?\b/g, " ")
    .replace(/[$€£¥￥]\s?\d[\d,.]*|\d[\d,.]*\s?(?:USD|EUR|GBP|CNY|RMB|元|美元)/gi, " ")
    .replace(/\+?\d[\d ()-]{8,}\d/g, (m) => (m.replace(/\D/g, "").length >= 9 ? " " : m))
    .replace(/\d{4}\s?年|\d{1,2}\s?[月日号]/g, " ");
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, "\n")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/gi, " ")
    .replace(/&amp;/gi, "&")
    .replace(/&lt;/gi, "<")
    .replace(/&gt;/gi, ">")
    .replace(/&quot;/gi, '"')
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n) % 0x110000))
    .replace(/[ \t\r\f\v]+/g, " ");
}

function findLinks(text: string | null, html: string | null): string[] {
  const urls: string[] = [];
  if (html) for (const m of html.matchAll(/href\s*=\s*["']?(https?:\/\/[^"'\s>]+)/gi)) urls.push(m[1].replace(/&amp;/g, "&"));
  if (text) for (const m of text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)) urls.push(m[0]);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const url of urls) {
    if (seen.has(url) || NOT_LINK.test(url) || !LINK_WORDS.test(url.replace(/^https?:\/\/[^/]+/, ""))) continue;
    seen.add(url);
    out.push(url);
    if (out.length === 3) break;
  }
  return out;
}

export function findCodes(subject: string | null, text: string | null, html: string | null): FoundCode[] {
  const body = text ?? (html ? htmlToText(html) : "");
  const haystack = scrub(`${subject ?? ""}\n${body.slice(0, 20_000)}`);
  const codes: string[] = [];
  const add = (raw: string) => {
    const code = plausibleCode(raw);
    if (code && !codes.includes(code)) codes.push(code);
    return code !== null;
  };
  // "your code is 123456", "验证码：123456": the first plausible token after a keyword.
  for (const k of haystack.matchAll(KEYWORD_RE)) {
    const from = (k.index ?? 0) + k[0].length;
    const window = haystack.slice(from, from + 80);
    for (const t of window.matchAll(TOKEN)) if (add(t[1])) break;
  }
  // "123456 is your verification code"
  for (const t of haystack.matchAll(TOKEN)) {
    const end = (t.index ?? 0) + t[0].length;
    const after = haystack.slice(end, end + 60);
    if (CODE_FIRST.test(after)) add(t[1]);
    // "482913 is your code": the token's optional group took "is" as a second group.
    else if (/^\S+ is$/i.test(t[1]) && CODE_FIRST.test(`is${after}`)) add(t[1].slice(0, -3));
  }
  return [
    ...codes.slice(0, 3).map((value) => ({ kind: "code" as const, value })),
    ...findLinks(text, html).map((value) => ({ kind: "link" as const, value })),
  ];
}
