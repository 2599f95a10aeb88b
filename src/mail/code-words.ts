// The words around a verification code, in the languages mail arrives in:
// what names a code, what names something else that looks like one (promo
// codes, postal codes, order numbers), what marks a code as spent, and what
// says a mail is about signing in at all. Written as regular-expression
// sources; a space in a phrase matches a space, a hyphen or nothing.

/** Names a verification code on its own: enough to trust a code next to it. */
const STRONG_LATIN = [
  // English
  "verification codes?",
  "confirmation codes?",
  "security codes?",
  "(?:log|sign) ?in codes?",
  "login codes?",
  "access codes?",
  "authentication codes?",
  "auth codes?",
  "activation codes?",
  "(?:one|single) (?:time|use) (?:pass)?(?:codes?|passwords?|pins?)",
  "pass ?codes?",
  "otp",
  "(?:2fa|mfa|two factor|2 step|two step)(?: verification| authentication)? codes?",
  "temporary codes?",
  "reset codes?",
  "recovery codes?",
  "magic codes?",
  "email codes?",
  "device codes?",
  // German
  "bestätigungs ?codes?",
  "verifizierungs ?codes?",
  "verifikations ?codes?",
  "sicherheits ?codes?",
  "anmelde ?codes?",
  "login ?codes?",
  "einmal ?codes?",
  "einmal ?passw(?:o|ö)rt(?:er)?",
  "einmalige[nr]? codes?",
  "zugangs ?codes?",
  "aktivierungs ?codes?",
  "freischalt ?codes?",
  "authentifizierungs ?codes?",
  "prüf ?codes?",
  "m?tan",
  "sms tan",
  // French
  "codes? (?:de|d')\\s*(?:vérification|confirmation|sécurité|connexion|accès|activation|authentification|validation)",
  "codes? (?:à usage unique|unique|temporaire)",
  "mots? de passe (?:à usage unique|temporaire)",
  // Spanish and Portuguese
  "c[óo]digos? (?:de )?(?:verificaci[óo]n|confirmaci[óo]n|seguridad|acceso|activaci[óo]n|autenticaci[óo]n|validaci[óo]n|inicio de sesi[óo]n)",
  "c[óo]digos? (?:de )?(?:verifica[çc][ãa]o|confirma[çc][ãa]o|seguran[çc]a|ativa[çc][ãa]o|autentica[çc][ãa]o|valida[çc][ãa]o|login)",
  "c[óo]digos? (?:de (?:un solo|uso) (?:uso|[úu]nico)|[úu]nico|tempor[áa]rio|temporal)",
  "(?:contraseña|clave|senha)s? (?:de )?(?:un solo uso|uso [úu]nico|temporal|tempor[áa]ria)",
  // Italian
  "codic[ei] (?:di )?(?:verifica|conferma|sicurezza|accesso|attivazione|autenticazione|convalida)",
  "codic[ei] (?:monouso|usa e getta|temporane[oi]|otp)",
  "password (?:monouso|temporanea)",
  // Russian
  "код\\p{L}* (?:подтверждения|проверки|безопасности|доступа|для входа|входа|активации|верификации|авторизации)",
  "(?:проверочн|одноразов|секретн)\\p{L}* (?:код|парол)\\p{L}*",
  // Dutch
  "(?:verificatie|bevestigings|beveiligings|inlog|aanmeld|toegangs|activatie|authenticatie|controle) ?codes?",
  "eenmalige (?:code|wachtwoord)",
  // Polish
  "kod\\p{L}* (?:weryfikacyjn|potwierdzając|potwierdzeni|bezpieczeństw|dostęp|logowani|aktywacyjn|jednorazow|autoryzacyjn|uwierzytelniając|weryfikacj)\\p{L}*",
  "(?:jednorazow)\\p{L}* (?:kod|hasł)\\p{L}*",
  "hasł\\p{L}* jednorazow\\p{L}*",
  // Turkish
  "(?:doğrulama|onay|güvenlik|giriş|aktivasyon|erişim|tek kullanımlık|tek seferlik) (?:kod|şifre)\\p{L}*",
];

const STRONG_CJK = [
  "认证码|認證碼|验证码|驗證碼|校验码|校驗碼|动态码|動態碼|确认码|確認碼|登录码|登錄碼|安全码|安全碼|激活码|激活碼",
  "验证代码|驗證代碼|登录代码|登錄代碼|安全代码|安全代碼|动态密码|動態密碼|一次性密码|一次性密碼|动态口令|動態口令",
  "認証コード|確認コード|認証番号|ワンタイム・?(?:パスワード|コード|パスコード)|セキュリティ\\s?コード|検証コード",
  "ログインコード|サインインコード|認証キー|パスコード|本人確認コード|承認コード|確認用コード|認証用コード",
  "인증\\s?번호|인증\\s?코드|확인\\s?코드|보안\\s?코드|일회용\\s?(?:비밀번호|코드)|로그인\\s?코드|검증\\s?코드|본인\\s?확인\\s?코드",
];

/** Names a code only when the mail is about signing in or verifying (see INTENT). */
const WEAK_LATIN = ["codes?", "pin", "codice", "c[óo]digo", "код\\p{L}*", "kod\\p{L}*", "koden", "verification"];
const WEAK_CJK = ["コード|確認番号|코드|代码|代碼|口令"];

/** Phrases with a code word in them that name something other than a verification code. */
const TRAP_LATIN = [
  "(?:promo(?:tion(?:al)?)?|discount|coupon|voucher|gift(?: card)?|referral|redeem|redemption|booking|reservation|pickup|pick-up) codes?",
  "(?:authori[sz]ation|approval) codes?",
  "(?:zip|postal|post|area|country|dialing|error|status|response|qr|bar|source|product|item|tracking|swift|sort|bank|tax|hs|dress) codes?",
  "codes? of conduct",
  "(?:rabatt|gutschein|aktions|promo|fehler|qr|strich|bar|sendungs|kunden) ?codes?",
  "postleitzahl|plz",
  "codes? (?:promo(?:tionnel)?|de réduction|réduction|postal|client|de suivi|d'erreur|qr|barres|de parrainage|cadeau)",
  "c[óo]digos? (?:promocional|de descuento|de desconto|postal|de seguimiento|de rastreamento|de rastreio|de error|de erro|qr|de barras|de referido|do cupom|de cup[óo]n)",
  "cep",
  "codic[ei] (?:sconto|promozionale|coupon|postale|fiscale|cliente|di tracciamento|di spedizione|a barre|qr|errore|articolo)",
  "промо ?код\\p{L}*|почтов\\p{L}* индекс\\p{L}*|трек ?(?:код|номер)\\p{L}*|штрих ?код\\p{L}*|qr ?код\\p{L}*",
  "код\\p{L}* (?:купона|скидки|ошибки|товара|региона)",
  "(?:kortings|actie|cadeau|tracking|fout|streepjes) ?codes?",
  "kod\\p{L}* (?:rabatow|promocyjn|pocztow|śledzeni|przesyłk|kuponu|błędu|qr|kreskow|odbioru)\\p{L}*",
  "(?:indirim|promosyon|kupon|posta|takip|hata|hediye) kod\\p{L}*",
];
const TRAP_CJK = [
  "优惠码|优惠券|折扣码|兑换码|兌換碼|邀请码|推荐码|邮编|邮政编码|取件码|提货码|二维码|条形码|错误代码|订单号|运单号|快递单号",
  "クーポン\\s?コード|プロモーション\\s?コード|割引コード|郵便番号|追跡番号|お問い合わせ番号|QRコード|バーコード|エラーコード|予約確認番号|ギフトコード|招待コード",
  "쿠폰\\s?코드|할인\\s?코드|프로모션\\s?코드|우편\\s?번호|운송장\\s?번호|송장\\s?번호|QR\\s?코드|바코드|오류\\s?코드|추천\\s?코드|승인\\s?번호",
];

/** Says what a number right after it is: an order, an invoice, a phone, a card… */
const LABEL_LATIN = [
  "order|orders|invoice|receipt|ticket|case|ref|reference|tracking|shipment|parcel|package|account|acct|customer|member(?:ship)?|client",
  "booking|reservation|confirmation number|itinerary|flight|room|seat|gate|phone|tel|telephone|mobile|cell|call|fax|ext|extension",
  "ending(?: in)?|ends in|last (?:4|four)(?: digits)?|card|id|no|nr|num|number|po box|suite|apt|unit|zip|postcode|transaction|txn",
  "payment|amount|total|qty|quantity|version|build|model|serial|sku|item|article|page|step|chapter|since|year|user|username|ip",
  "bestellung|bestellnummer|auftrag|auftragsnummer|rechnung|rechnungsnummer|kundennummer|sendung|sendungsnummer|vorgang|buchung",
  "telefon|konto|karte|endet auf|artikel|hausnummer|commande|facture|numéro|n°|nº|colis|suivi|réservation|vol|téléphone|tél|compte",
  "carte|dossier|pedido|factura|fatura|número|env[íi]o|seguimiento|rastreio|reserva|vuelo|voo|tel[ée]fono|telefone|cuenta|conta",
  "tarjeta|cart[ãa]o|ordine|fattura|numero|spedizione|prenotazione|volo|telefono|conto|carta|заказ\\p{L}*|сч[её]т\\p{L}*|номер\\p{L}*",
  "№|клиент\\p{L}*|отправлени\\p{L}*|бронировани\\p{L}*|рейс\\p{L}*|телефон\\p{L}*|тел|карт\\p{L}*|договор\\p{L}*|bestelling|bestelnummer",
  "factuur|klantnummer|zending|reservering|vlucht|telefoon|rekening|zamówieni\\p{L}*|faktur\\p{L}*|numer\\p{L}*|przesyłk\\p{L}*",
  "rezerwacj\\p{L}*|sipariş\\p{L}*|numara\\p{L}*|müşteri|kargo|takip|rezervasyon|uçuş|hesap|kart",
];
const LABEL_CJK = [
  "注文番号|ご注文|注文|請求書|伝票番号|追跡番号|お問い合わせ番号|予約番号|会員番号|電話|TEL|口座|末尾|番号|No\\.",
  "주문\\s?번호|주문|송장\\s?번호|운송장|예약\\s?번호|회원\\s?번호|전화|계좌|카드|번호",
  "订单号|订单编号|订单|運單號|运单号|快递单号|发票|发票号|会员号|电话|手机|尾号|尾號|账号|帳號|卡号|编号|單號",
];

/** Says a code is no longer the one to use. */
const STALE_LATIN = [
  "old|older|previous|previously|earlier|expired|no longer (?:valid|works?|active)|(?:is|was|now) invalid|replaced|superseded|outdated",
  "alte[nrs]?|vorherige[nrs]?|abgelaufen|nicht mehr gültig|ist ungültig|ersetzt|ancien(?:ne)?|précédent(?:e)?|expiré|n'est plus valide",
  "remplacé|anterior|caducado|expirado|ya no es válido|não é mais válido|precedente|scaduto|non è più valido|предыдущ\\p{L}*",
  "стар(?:ый|ого|ые|ая)|истёк|истек|больше не действ\\p{L}*|недействител\\p{L}*|vorige|oude|verlopen|niet meer geldig",
  "poprzedni\\p{L}*|stary|starego|wygasł\\p{L}*|nieważn\\p{L}*|önceki|eski|süresi doldu|geçersiz",
];
const STALE_CJK = ["以前|之前|旧的|舊的|已失效|已过期|已過期|古い|前回|無効になりました|期限切れ|이전|만료된|만료되었|무효"];

/** Says a code on this line is a shop's offer. */
const PROMO_LATIN = [
  "promo\\p{L}*|coupon\\p{L}*|voucher\\p{L}*|discount\\p{L}*|checkout|\\d+ ?% off|rabatt\\p{L}*|gutschein\\p{L}*|réduction|remise",
  "descuento\\p{L}*|cup[óo]n|desconto\\p{L}*|cupom|sconto|скидк\\p{L}*|промокод\\p{L}*|korting\\p{L}*|rabat\\p{L}*|zniżk\\p{L}*",
  "indirim\\p{L}*|kupon\\p{L}*",
];
const PROMO_CJK = ["クーポン|割引|쿠폰|할인|优惠|優惠|折扣|券"];

/** Says the mail is about signing in, verifying or confirming: weak code words count only then. */
const INTENT_LATIN = [
  "verif\\p{L}*|confirm\\p{L}*|sign(?:ing)? ?in|log(?:ging)? ?in|login|two factor|2fa|mfa|one time|otp|authenticat\\p{L}*",
  "identity|security|password|passcode|new device|bestätig\\p{L}*|anmeld\\p{L}*|vérif\\p{L}*|connexion|identité|sécurité",
  "iniciar sesi[óo]n|identidad|seguridad|entrar|acesso|seguran[çc]a|conferm\\p{L}*|accesso|accedi|sicurezza|подтвер[жд]\\p{L}*",
  "вход\\p{L}*|войти|авторизац\\p{L}*|безопасност\\p{L}*|bevestig\\p{L}*|inlog\\p{L}*|aanmeld\\p{L}*|beveilig\\p{L}*|weryfik\\p{L}*",
  "potwierd\\p{L}*|logowa\\p{L}*|zaloguj|bezpiecze\\p{L}*|doğrula\\p{L}*|onay\\p{L}*|giriş|güvenlik",
];
const INTENT_CJK = ["认证|認證|验证|驗證|确认|確認|登录|登錄|认証|認証|ログイン|サインイン|本人|인증|확인|로그인|본인|안전|安全"];

/** Says the mail is about a stay, a trip or a table: its "confirmation code" is a booking's reference. */
const BOOKING_LATIN = [
  "reservation|booking|booked|check ?in|itinerary|flight|hotel|reservierung|buchung|réservation|reserva|prenotazione|бронировани\\p{L}*",
  "reservering|rezerwacj\\p{L}*|rezervasyon",
];
const BOOKING_CJK = ["予約|예약|预订|預訂"];

function phrases(list: string[]): string {
  return list.join("|").replace(/ /g, "[\\s\\-]{0,2}");
}

/** A list of phrases in two halves: Latin-script ones match whole words, CJK ones anywhere (those scripts do not space words). */
export interface WordList {
  latin: string;
  cjk: string;
}

const wordList = (latin: string[], cjk: string[]): WordList => ({ latin: phrases(latin), cjk: phrases(cjk) });

/** The list as one pattern, for use inside a larger one (phrase-scan.ts finds a list's phrases in a whole text faster). */
export function wordsPattern({ latin, cjk }: WordList): string {
  return `(?<![\\p{L}\\p{N}])(?:${latin})(?![\\p{L}])|(?:${cjk})`;
}

export const STRONG = wordList(STRONG_LATIN, STRONG_CJK);
export const WEAK = wordList(WEAK_LATIN, WEAK_CJK);
export const TRAP = wordList(TRAP_LATIN, TRAP_CJK);
export const LABEL = wordList(LABEL_LATIN, LABEL_CJK);
export const STALE = wordList(STALE_LATIN, STALE_CJK);
export const PROMO = wordList(PROMO_LATIN, PROMO_CJK);
export const INTENT = wordList(INTENT_LATIN, INTENT_CJK);
export const BOOKING = wordList(BOOKING_LATIN, BOOKING_CJK);
/** The code words a booking mail uses for its reference. */
export const CONFIRMATION = /confirm|bestätigung|conferma|bevestiging/i;
