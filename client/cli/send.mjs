// `pigeonhole send`: a message from the address (text, HTML or a file as the body, files
// attached), a reply to or a forward of a stored message. Prints the queued id and Message-ID.
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { intOption, UsageError } from "./usage.mjs";

/** Media types by file extension for attachments; anything else is application/octet-stream. */
const TYPES = {
  ".txt": "text/plain",
  ".html": "text/html",
  ".htm": "text/html",
  ".csv": "text/csv",
  ".json": "application/json",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".zip": "application/zip",
  ".eml": "message/rfc822",
};

/** @param {string} path */
async function readInput(path) {
  if (path !== "-") return readFile(path);
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return Buffer.concat(chunks);
}

export const sendCommand = {
  usage:
    "pigeonhole send --to <address> [--to …] [--cc …] [--bcc …] [--subject <text>]\n" +
    "                (--text <text> | --html <html> | --file <path|->) [--attach <file>]…\n" +
    "                [--from-name <name>] [--reply-to <id>] [--forward <id> [--inline]] [--json]",
  about:
    "Send from the address. --file reads the body from a file (.html/.htm as HTML, else text; - is stdin).\n" +
    "--reply-to answers a stored message (threading headers, the original quoted; --to defaults to its sender).\n" +
    "--forward passes one on as an attachment (--inline: quoted). Prints the queued id and Message-ID;\n" +
    "its status (queued, sent, failed) shows in `pigeonhole ls --folder sent`.",
  options: {
    to: { type: "string", multiple: true },
    cc: { type: "string", multiple: true },
    bcc: { type: "string", multiple: true },
    subject: { type: "string" },
    text: { type: "string" },
    html: { type: "string" },
    file: { type: "string" },
    attach: { type: "string", multiple: true },
    "from-name": { type: "string" },
    "reply-to": { type: "string" },
    forward: { type: "string" },
    inline: { type: "boolean" },
  },
  auth: true,
  async run(ctx) {
    const v = ctx.values;
    const bodies = [v.text, v.html, v.file].filter((b) => b !== undefined);
    if (bodies.length > 1) throw new UsageError("give one of --text, --html and --file.");
    if (bodies.length === 0 && !v.forward && !(v.attach ?? []).length)
      throw new UsageError("nothing to send: give --text, --html, --file, --attach or --forward.");
    if (!(v.to ?? []).length && !(v.cc ?? []).length && !(v.bcc ?? []).length && !v["reply-to"])
      throw new UsageError("give at least one --to (or --reply-to).");
    /** @type {import("../sdk/index.ts").SendRequest} */
    const request = { to: v.to ?? [] };
    if (v.cc) request.cc = v.cc;
    if (v.bcc) request.bcc = v.bcc;
    if (v.subject !== undefined) request.subject = v.subject;
    if (v.text !== undefined) request.text = v.text;
    if (v.html !== undefined) request.html = v.html;
    if (v.file !== undefined) {
      const body = (await readInput(v.file)).toString("utf8");
      if (/\.html?$/i.test(v.file)) request.html = body;
      else request.text = body;
    }
    if (v.attach?.length) {
      request.attachments = await Promise.all(
        v.attach.map(async (path) => ({
          filename: basename(path),
          contentType: TYPES[/** @type {keyof typeof TYPES} */ (extname(path).toLowerCase())] ?? "application/octet-stream",
          content: (await readFile(path)).toString("base64"),
        })),
      );
    }
    if (v["from-name"] !== undefined) request.fromName = v["from-name"];
    if (v["reply-to"] !== undefined) request.replyTo = intOption(v["reply-to"], "reply-to");
    if (v.forward !== undefined) request.forward = intOption(v.forward, "forward");
    if (v.inline) request.forwardAs = "inline";
    const queued = await ctx.client.send(request);
    if (ctx.json) return ctx.print(queued);
    ctx.out(`queued #${queued.id} ${queued.messageId}\n`);
  },
};
