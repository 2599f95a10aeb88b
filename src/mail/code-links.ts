// One-time links: the button or line that verifies, confirms, signs in or
// resets. A link counts when it carries a token (a one-time link always does:
// a bare "https://example.com/login" signs nobody in) and either its words say
// so ("Verify email", "Bestätigen", "確認") or, in a mail about signing in,
// its path does ("/verify", "/magic-link"). Help, unsubscribe, preference,
// social and image links never do.
import type { Anchor } from "./html-text";

const MAX_LINKS = 3;
const TEXT_URL = /\bhttps?:\/\/[^\s<>"'()[\]{}]+/gi;

/** Words on a link that say it verifies, confirms or resets: enough on their own. */
const ACTION_WORDS = new RegExp(
  [
    "verif",
    "confirm",
    "activat",
    "magic link",
    "reset",
    "validat",
    "accept (?:the )?invit",
    "set (?:up )?(?:a |your )?(?:new )?password",
    "bestätig",
    "verifizier",
    "aktivier",
    "zurücksetzen",
    "vérifi",
    "valider",
    "activer",
    "réinitialis",
    "confirmar",
    "verificar",
    "activar",
    "restablecer",
    "ativar",
    "redefinir",
    "conferm",
    "verifica",
    "attiva",
    "reimposta",
    "подтверд",
    "активир",
    "сбросить",
    "bevestig",
    "verifieer",
    "activeer",
    "potwierd",
    "zweryfikuj",
    "aktywuj",
    "doğrula",
    "onayla",
    "etkinleştir",
    "sıfırla",
    "確認",
    "認証",
    "有効化",
    "再設定",
    "인증",
    "확인",
    "활성화",
    "验证",
    "驗證",
    "确认",
    "激活",
    "重置",
  ].join("|"),
  "iu",
);
/** Words on a link that sign in: a newsletter says them too, so they count only in a mail about signing in. */
const SIGN_IN_WORDS =
  /sign ?in|log ?in|anmelden|einloggen|se connecter|connexion|iniciar sesi[óo]n|entrar|accedi|войти|вход|inloggen|zaloguj|giriş yap|ログイン|로그인|登录|登錄/iu;
/** Words on a link that lead elsewhere: an order, a parcel, a shop, a copy of the mail. */
const ELSEWHERE_WORDS =
  /unsubscribe|abmelden|désabonner|darse de baja|annulla l'iscrizione|отписаться|afmelden|wypisz|abonelikten|配信停止|수신 ?거부|退订|view (?:it |this (?:email |message )?)?(?:in|online)|order|track|shipment|invoice|receipt|download|shop|bestellung|commande|pedido|ordine|заказ|zamówieni|sipariş|bestelling|注文|配送|주문|배송|订单|物流/iu;
const ACTION_PATH =
  /verif|confirm|activat|magic|login|log-in|signin|sign-in|sign_in|reset|token|auth|validat|otp|passwordless|invit|accept/i;
const NEVER =
  /unsubscribe|optout|opt-out|opt_out|preferences|privacy|terms|legal|policy|cookie|\/help|help\.|support|faq|\/blog|\/articles?\/|\/docs\/|\/kb\/|webview|view-in-browser|viewonline|view_online|\.(?:png|jpe?g|gif|css|js|svg|ico|webp|woff2?)(?:[?#]|$)/i;
const SOCIAL = /^https?:\/\/(?:www\.)?(?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|pinterest)\.com(?:[/?#]|$)/i;
const TOKEN_PARAM =
  /^(?:token|t|code|key|k|otp|hash|sig|signature|confirmation_token|nonce|ticket|magic|auth|verify|login_token|access_token)$/i;

/** A piece of the URL that only this mail could carry: long, or letters mixed with digits. */
function tokenish(value: string): boolean {
  if (!/^[A-Za-z0-9_.~%=-]+$/.test(value)) return false;
  if (value.length >= 16) return true;
  return value.length >= 6 && /\d/.test(value) && /[A-Za-z]/.test(value);
}

function carriesToken(url: URL): boolean {
  for (const [name, value] of url.searchParams) {
    if (name.startsWith("utm_")) continue; // campaign names, the same in every copy of a newsletter
    if ((TOKEN_PARAM.test(name) && value.length >= 3) || tokenish(value)) return true;
  }
  return url.pathname.split("/").some(tokenish) || tokenish(url.hash.slice(1));
}

interface LinkSeen {
  url: string;
  /** the words a reader sees on or before the link */
  words: string;
}

/** URLs of the text body with the words before them on the same line and the line above. */
function textLinks(text: string): LinkSeen[] {
  const out: LinkSeen[] = [];
  for (const m of text.matchAll(TEXT_URL)) {
    const lineStart = text.lastIndexOf("\n", m.index - 1);
    const above = text.lastIndexOf("\n", lineStart - 1);
    const words = text.slice(Math.max(above + 1, m.index - 200), m.index).replace(TEXT_URL, " ");
    out.push({ url: m[0].replace(/[.,;:!?]+$/, ""), words });
    if (out.length >= 200) break;
  }
  return out;
}

/** Rank of a link: 2 when its words say what it does, 1 when only its path does, 0 when it is not a one-time link. */
function rank({ url, words }: LinkSeen, aboutSignIn: boolean): number {
  if (NEVER.test(url) || SOCIAL.test(url) || ELSEWHERE_WORDS.test(words)) return 0;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 0;
  }
  if (!/^https?:$/.test(parsed.protocol) || !carriesToken(parsed)) return 0;
  if (ACTION_WORDS.test(words)) return 2;
  if (!aboutSignIn) return 0;
  if (SIGN_IN_WORDS.test(words)) return 2;
  return ACTION_PATH.test(parsed.pathname + parsed.search) ? 1 : 0;
}

/**
 * The one-time links of a mail, best first, at most three. `aboutSignIn`
 * (the subject speaks of signing in or verifying) lets sign-in words and
 * paths alone count, as they do not in a newsletter.
 */
export function findLinks(text: string | null, anchors: Anchor[], aboutSignIn: boolean): string[] {
  const seen: LinkSeen[] = [...anchors.map((a) => ({ url: a.href, words: a.text })), ...(text ? textLinks(text) : [])];
  const ranked = new Map<string, number>();
  for (const link of seen) {
    const r = rank(link, aboutSignIn);
    if (r > 0 && r > (ranked.get(link.url) ?? 0)) ranked.set(link.url, r);
  }
  return [...ranked.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_LINKS)
    .map(([url]) => url);
}
