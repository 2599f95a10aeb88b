// Hostile mails for the web inbox's XSS tests. Every payload, if it ever ran,
// calls the page binding `pwned(id)`, asks for a dialog, or requests the
// canary server; every remote reference points at the canary too.
import { rfc822 } from "./browser";

export interface Hostile {
  id: string;
  subject: string;
  from?: string;
  html?: string;
  text?: string;
  /** an attachment with a hostile filename */
  attachment?: { filename: string; contentType: string; body: string };
}

/** JS that proves it ran: binding call, top-level name change, a request and a dialog. */
export const js = (c: string, id: string) =>
  `pwned('${id}');try{top.name='pwned'}catch(e){};new Image().src='${c}/js/${id}';alert('${id}')`;

export function hostileMails(c: string): Hostile[] {
  const J = (id: string) => js(c, id);
  return [
    { id: "script", subject: "Script tag", html: `<p>hi</p><script>${J("script")}</script><SCRIPT SRC="${c}/js/src.js"></SCRIPT>` },
    {
      id: "onerror",
      subject: "Event handlers",
      html: `<img src="x" onerror="${J("onerror")}"><div onmouseover="${J("over")}">hover</div>`,
    },
    { id: "onload", subject: "Body onload", html: `<html><body onload="${J("onload")}"><p onclick="${J("click")}">x</p></body></html>` },
    {
      id: "svg",
      subject: "SVG with script",
      html: `<svg onload="${J("svg")}"><script>${J("svg-script")}</script><a xlink:href="javascript:${J("svg-a")}"><text>x</text></a><image href="${c}/img/svg-image.png"/></svg>`,
    },
    {
      id: "jslink",
      subject: "javascript: links",
      html: `<a href="javascript:${J("jslink")}">a</a><a href=" JaVaScRiPt:alert(1)">b</a><a href="java&#x09;script:alert(2)">c</a><a href="vbscript:msgbox(1)">d</a>`,
    },
    {
      id: "dataurl",
      subject: "data: URLs",
      html: `<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">d</a><iframe src="data:text/html,<script>${J("iframe-data")}</script>"></iframe><img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>">`,
    },
    {
      id: "refresh",
      subject: "Meta refresh",
      html: `<head><meta http-equiv="refresh" content="0;url=${c}/nav/refresh"><meta http-equiv="refresh" content="0;url=javascript:alert(1)"></head><p>wait</p>`,
    },
    {
      id: "base",
      subject: "Base href",
      html: `<base href="${c}/base/"><img src="rel.png"><a href="rel">relative</a><link rel="stylesheet" href="s.css">`,
    },
    {
      id: "iframe",
      subject: "Iframes",
      html: `<iframe srcdoc="<script>${J("srcdoc").replace(/'/g, "&#39;")}</script>"></iframe><iframe src="${c}/frame/x"></iframe><frameset><frame src="${c}/frame/y"></frameset>`,
    },
    {
      id: "form",
      subject: "Forms",
      html: `<form action="${c}/form" method="post"><input name="a" value="b" autofocus onfocus="${J("autofocus")}"><button formaction="${c}/form2">Go</button><input type="image" src="${c}/img/input.png"></form>`,
    },
    {
      id: "import",
      subject: "CSS @import",
      html: `<style>@import url("${c}/css/import.css"); @import '${c}/css/import2.css';</style><p>styled</p>`,
    },
    {
      id: "cssurl",
      subject: "CSS url()",
      html: `<style>body{background:url(${c}/img/bg.png)} @font-face{font-family:x;src:url(${c}/font/f.woff)} p{font-family:x}</style><div style="background-image:url('${c}/img/inline-bg.png')"><p>text</p></div>`,
    },
    {
      id: "cssescape",
      subject: "CSS escapes",
      html: `<div style="background:u\\72l(${c}/img/esc.png)">a</div><style>div{background:\\75rl(${c}/img/esc2.png)} p{behavior:url(${c}/htc);-moz-binding:url(${c}/xbl)}</style><p style="width:expression(alert(1))">b</p>`,
    },
    {
      id: "breakout",
      subject: "Attribute breakout",
      html: `<img src="x" alt="a" onerror=pwned('attr1') "><a title='"><script>${J("attr2")}</script>'>x</a><p title="</p><script>${J("attr3")}</script>">y</p><img """><script>${J("attr4")}</script>">`,
    },
    {
      id: "remote",
      subject: "Remote resources",
      html: `<link rel="stylesheet" href="${c}/css/link.css"><link rel="prefetch" href="${c}/prefetch"><img src="${c}/img/remote.png"><img srcset="${c}/img/srcset.png 2x"><table background="${c}/img/table.png"><tr><td>t</td></tr></table>`,
    },
    {
      id: "media",
      subject: "Objects and media",
      html: `<object data="${c}/obj"></object><embed src="${c}/embed"><video poster="${c}/img/poster.png" src="${c}/media/v.mp4" autoplay></video><audio src="${c}/media/a.mp3" autoplay></audio><applet code="x"></applet>`,
    },
    {
      id: "mxss",
      subject: "Mutation XSS",
      html: `<noscript><p title="</noscript><img src=x onerror=${J("noscript").replace(/ /g, "")}>"></noscript><math><mtext><table><mglyph><style><img src=x onerror=pwned('math')></style></mglyph></table></mtext></math><svg></p><style><a id="</style><img src=1 onerror=pwned('svgstyle')>"></style></svg>`,
    },
    {
      id: "template",
      subject: "Template and textarea",
      html: `<template><script>${J("tpl")}</script></template><textarea></textarea><script>${J("ta")}</script></textarea><xmp><script>${J("xmp")}</script></xmp>`,
    },
    {
      id: "csp",
      subject: "CSP override attempt",
      html: `<head><meta http-equiv="Content-Security-Policy" content="default-src * 'unsafe-inline'"><meta http-equiv="set-cookie" content="a=b"></head><img src="${c}/img/csp.png"><script>${J("csp")}</script>`,
    },
    {
      id: "restyle",
      subject: "Restyles the page",
      html: `<style>html,body,*{background:rgb(255,0,0)!important} header,.top,.addressbar{display:none!important}</style><p>red</p>`,
    },
    {
      id: "links",
      subject: "Links with ping and targets",
      html: `<a href="${c}/link" ping="${c}/ping" target="_top">top</a><a href="${c}/link2" target="_parent" rel="opener">parent</a><area href="javascript:alert(1)"><img src="cid:missing@x">`,
    },
    {
      id: "subject",
      subject: `<img src=x onerror=pwned('subject')><script>pwned('subject2')</script>`,
      from: `"<svg onload=pwned('from')>" <evil@example.com>`,
      text: `<script>pwned('text')</script> javascript:alert(1) ${c}/textlink "onmouseover=alert(1)`,
    },
    {
      id: "filename",
      subject: "Hostile filename",
      text: "see attachment",
      attachment: {
        filename: `"><img src=x onerror=pwned('filename')>.html`,
        contentType: "text/html",
        body: `<script>${J("attachment")}</script>`,
      },
    },
  ];
}

export function hostileRaw(h: Hostile, to: string): string {
  const headers: Record<string, string> = {
    From: h.from ?? `Attacker <attacker-${h.id}@example.com>`,
    To: to,
    Subject: h.subject,
    "Message-ID": `<hostile-${h.id}-${Date.now()}@example.com>`,
    "MIME-Version": "1.0",
  };
  const parts: string[] = [];
  if (h.text !== undefined) parts.push(`Content-Type: text/plain; charset=utf-8\n\n${h.text}`);
  if (h.html !== undefined) parts.push(`Content-Type: text/html; charset=utf-8\n\n${h.html}`);
  if (h.attachment) {
    const name = h.attachment.filename.replace(/"/g, '\\"');
    parts.push(
      `Content-Type: ${h.attachment.contentType}; name="${name}"\nContent-Disposition: attachment; filename="${name}"\nContent-Transfer-Encoding: base64\n\n${Buffer.from(h.attachment.body).toString("base64")}`,
    );
  }
  headers["Content-Type"] = 'multipart/mixed; boundary="hostile"';
  return rfc822(headers, `${parts.map((p) => `--hostile\n${p}\n`).join("")}--hostile--\n`);
}
