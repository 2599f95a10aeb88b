// A mail's HTML made into a self-contained, script-free document for the sandboxed frame (allowlist via DOMParser, CSP meta).
import { untangle } from "./tangled-html";

export interface MailDocOptions {
  /** the user asked to load this message's remote images */
  remote: boolean;
  /** `cid:` content ids (without <>) → data: URLs of the inline parts */
  inline: Map<string, string>;
}

export interface MailDoc {
  srcdoc: string;
  /** remote images (or CSS url()s) left out because remote loads are off */
  blocked: number;
  /** its formatting tags were left out: so many stood open that parsing would freeze the tab */
  untangled: boolean;
}

/** Dropped with everything inside them. */
const DROP = new Set(
  "script iframe frame frameset object embed applet link meta base noscript template svg math audio video source track canvas portal input select textarea option optgroup datalist keygen param xmp plaintext noembed noframes title dialog slot".split(
    " ",
  ),
);

/** Kept (with their allowed attributes); anything else is unwrapped to its children. */
const KEEP = new Set(
  "html head body style div span p br hr a img table thead tbody tfoot tr td th caption col colgroup ul ol li dl dt dd h1 h2 h3 h4 h5 h6 b i u s strong em small big sub sup font center blockquote pre code tt kbd samp var abbr cite q del ins mark address section article header footer nav main aside figure figcaption details summary label wbr bdi bdo time strike map area".split(
    " ",
  ),
);

const ATTRS = new Set(
  "style class id dir lang title align valign width height bgcolor color border cellpadding cellspacing colspan rowspan face size alt role nowrap span start type reversed headers scope datetime hspace vspace name open".split(
    " ",
  ),
);

const SAFE_DATA_IMAGE = /^data:image\/(png|gif|jpe?g|webp|bmp|avif);base64,[a-z0-9+/=\s]*$/i;
const SAFE_LINK = /^(https?|mailto|tel):/i;

export function frameCsp(remote: boolean): string {
  const img = remote ? "data: https: http:" : "data:";
  return `default-src 'none'; img-src ${img}; style-src 'unsafe-inline'; font-src 'none'; form-action 'none'; base-uri 'none'; frame-src 'none'; child-src 'none'; media-src 'none'; object-src 'none'; script-src 'none'; connect-src 'none'`;
}

export function mailDocument(original: string, opts: MailDocOptions): MailDoc {
  const { html, untangled } = untangle(original);
  const doc = new DOMParser().parseFromString(html, "text/html");
  const state = { blocked: 0, opts };

  const walker = doc.createTreeWalker(doc.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_COMMENT);
  const remove: Node[] = [];
  const unwrap: Element[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.COMMENT_NODE) {
      remove.push(node);
      continue;
    }
    const el = node as Element;
    const tag = el.localName;
    if (el.namespaceURI !== "http://www.w3.org/1999/xhtml" || DROP.has(tag)) remove.push(el);
    else if (!KEEP.has(tag)) unwrap.push(el);
    cleanAttributes(el, state);
  }
  for (const n of remove) n.parentNode?.removeChild(n);
  for (const el of unwrap) if (el.isConnected) unwrapElement(el);
  for (const style of doc.querySelectorAll("style")) style.textContent = cleanSheet(style.textContent ?? "", state);

  const head = doc.head;
  const base = doc.createElement("style");
  base.textContent =
    "html{color-scheme:light}body{margin:12px;font:15px/1.45 system-ui,sans-serif;color:#111;background:#fff;overflow-wrap:anywhere}img{max-width:100%;height:auto}";
  head.insertBefore(base, head.firstChild);
  const referrer = doc.createElement("meta");
  referrer.setAttribute("name", "referrer");
  referrer.setAttribute("content", "no-referrer");
  head.insertBefore(referrer, head.firstChild);
  const csp = doc.createElement("meta");
  csp.setAttribute("http-equiv", "Content-Security-Policy");
  csp.setAttribute("content", frameCsp(opts.remote));
  head.insertBefore(csp, head.firstChild);
  const charset = doc.createElement("meta");
  charset.setAttribute("charset", "utf-8");
  head.insertBefore(charset, head.firstChild);
  return { srcdoc: `<!doctype html>${doc.documentElement.outerHTML}`, blocked: state.blocked, untangled };
}

/** The element's children in its place. One at a time: spread into one call, 300,000 of them overflow the stack. */
function unwrapElement(el: Element): void {
  const children = el.ownerDocument.createDocumentFragment();
  while (el.firstChild) children.append(el.firstChild);
  el.replaceWith(children);
}

interface CleanState {
  blocked: number;
  opts: MailDocOptions;
}

function cleanAttributes(el: Element, state: CleanState): void {
  const tag = el.localName;
  for (const attr of [...el.attributes]) {
    const name = attr.name.toLowerCase();
    const value = attr.value;
    if (tag === "a" || tag === "area") {
      if (name === "href") {
        const url = value.trim();
        if (SAFE_LINK.test(url)) continue;
        el.removeAttribute(attr.name);
        continue;
      }
    }
    if ((tag === "img" && name === "src") || name === "background") {
      const url = imageUrl(value, state);
      if (url) el.setAttribute(attr.name, url);
      else el.removeAttribute(attr.name);
      continue;
    }
    if (name === "style") {
      el.setAttribute("style", cleanDeclarations(value, state));
      continue;
    }
    if (!ATTRS.has(name) && !name.startsWith("aria-")) el.removeAttribute(attr.name);
  }
  if (tag === "a" || tag === "area") {
    el.setAttribute("target", "_blank");
    el.setAttribute("rel", "noopener noreferrer");
  }
}

/** What an image reference may become: a resolved cid:, a safe data: image, or (when allowed) a remote URL. */
function imageUrl(raw: string, state: CleanState): string | null {
  const url = raw.trim();
  if (/^cid:/i.test(url)) return state.opts.inline.get(contentId(url.slice(4))) ?? null;
  if (SAFE_DATA_IMAGE.test(url)) return url;
  if (/^https?:\/\//i.test(url)) {
    if (state.opts.remote) return url;
    state.blocked++;
    return null;
  }
  return null;
}

function contentId(ref: string): string {
  let id = ref;
  try {
    id = decodeURIComponent(ref);
  } catch {
    // a stray % is part of the id
  }
  return id.replace(/^<|>$/g, "");
}

/** CSS text as the browser parsed it, with every url() checked; `<` escaped so it cannot end the <style> element. */
function cleanSheet(css: string, state: CleanState): string {
  const sheet = new CSSStyleSheet();
  try {
    sheet.replaceSync(css); // drops @import by design
  } catch {
    return "";
  }
  const text = [...sheet.cssRules]
    .filter((r) => !(r instanceof CSSImportRule))
    .map((r) => r.cssText)
    .join("\n");
  return cleanUrls(text, state);
}

function cleanDeclarations(css: string, state: CleanState): string {
  const probe = document.createElement("div");
  probe.style.cssText = css;
  return cleanUrls(probe.style.cssText, state);
}

function cleanUrls(css: string, state: CleanState): string {
  // \u0001 marks the url()s we vetted, so the final sweep can tell them from the rest.
  const out = css
    // biome-ignore lint/suspicious/noControlCharactersInRegex: \u0001 is our own marker, stripped from the input first
    .replace(/\u0001/g, "")
    .replace(/url\(\s*"((?:[^"\\]|\\.)*)"\s*\)/gi, (_m, inner: string) => {
      const url = imageUrl(inner.replace(/\\(.)/g, "$1"), state);
      return url ? `\u0001("${url.replace(/["\\\n]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}")` : "none";
    })
    .replace(/(-webkit-)?image-set\([^)]*\)/gi, "none");
  // Any url( left is one the normaliser did not quote: never trust it.
  return (
    out
      .replace(/url\(/gi, "invalid(")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the marker set above on vetted url()s
      .replace(/\u0001\(/g, "url(")
      .replace(/</g, "\\3c ")
  );
}
