// A seeded generator of damaged mail (header and MIME damage of many kinds).
// Pure (Uint8Array only) so it runs in Node and inside workerd alike.

/** Latin-1 string → bytes, one byte per char (so raw bytes survive). */
function bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

function cat(...parts: (string | Uint8Array)[]): Uint8Array {
  const bs = parts.map((p) => (typeof p === "string" ? bytes(p) : p));
  const out = new Uint8Array(bs.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of bs) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** One malformed message for `to`; `random` decides which damage, so a seed replays a run. */
export function malformedMail(random: () => number, n: number, to: string): Uint8Array {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const id = random() < 0.92 ? `Message-ID: <bad${n}@load.example>\r\n` : "";
  const from = random() < 0.92 ? "From: Bad <bad@load.example>\r\n" : "";
  const base = `${from}To: ${to}\r\n${id}Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n`;
  const junk = () => Uint8Array.from({ length: 64 + Math.floor(random() * 4000) }, () => Math.floor(random() * 256));
  const damage = [
    () => cat(base, "Subject: no blank line\r\nbody right after headers"),
    () => cat(base, "Subject: only headers"),
    () => cat(base, "Subject: ", junk(), "\r\n\r\nbody"),
    () => cat(base, "Subject: nul\x00byte\r\nX-\x00: y\r\n\r\nbody\x00more"),
    () => cat(base, `Subject: long\r\nX-Long: ${"a".repeat(200_000)}\r\n\r\nbody`),
    () => cat(base, Array.from({ length: 5000 }, (_, i) => `X-H${i}: v\r\n`).join(""), "Subject: many headers\r\n\r\nbody"),
    () => cat(base, "Subject: bare lf\nContent-Type: text/plain\n\nbody\nwith\rbare\rcr"),
    () => cat(base, "Subject: no boundary\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\n\r\npart\r\n--x--\r\n"),
    () =>
      cat(
        base,
        'Subject: unclosed\r\nContent-Type: multipart/mixed; boundary="q"\r\n\r\n--q\r\nContent-Type: text/plain\r\n\r\nnever closed',
      ),
    () => {
      const depth = pick([50, 500, 2000]);
      let s = "";
      for (let d = 0; d < depth; d++) s += `--b${d}\r\nContent-Type: multipart/mixed; boundary="b${d + 1}"\r\n\r\n`;
      return cat(base, `Subject: nested ${depth}\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n`, s, "leaf\r\n");
    },
    () =>
      cat(
        base,
        'Subject: many parts\r\nContent-Type: multipart/mixed; boundary="m"\r\n\r\n',
        Array.from(
          { length: 3000 },
          (_, i) => `--m\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="p${i}"\r\n\r\n${i}\r\n`,
        ).join(""),
        "--m--\r\n",
      ),
    () =>
      cat(
        base,
        'Subject: bad base64\r\nContent-Type: multipart/mixed; boundary="z"\r\n\r\n--z\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="../../etc/passwd\x00.png"\r\n\r\n!!!not*base64###\r\n--z--\r\n',
      ),
    () => cat(base, "Subject: bad qp\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=\r\n=4=\r\n=F0=9F=\r\n"),
    () =>
      cat(
        base,
        "Subject: =?x-unknown?B?###?= =?utf-8?Q?=ZZ?= =?utf-7?B?K2JmLQ==?=\r\nContent-Type: text/plain; charset=x-unknown-charset\r\n\r\nbody",
      ),
    () => cat(base, "Subject: utf7 body\r\nContent-Type: text/plain; charset=utf-7\r\n\r\n+AGEAYgBj-"),
    () =>
      cat(
        base,
        "Subject: garbage ct\r\nContent-Type: ;;;==\"\r\nContent-Disposition: attachment; filename*=utf-8''%FF%FE; filename*0*=x\r\n\r\nbody",
      ),
    () =>
      cat(
        base,
        "Subject: nested rfc822\r\nContent-Type: message/rfc822\r\n\r\n",
        "Content-Type: message/rfc822\r\n\r\n".repeat(300),
        "end",
      ),
    () => cat(base, "Subject: binary\r\nContent-Type: application/octet-stream\r\n\r\n", junk(), junk()),
    () => cat(junk()),
    () => cat(base, "Subject: html bomb\r\nContent-Type: text/html\r\n\r\n", "<div>".repeat(50_000), "code 123456"),
    () => cat(base, `Subject: ${"=?utf-8?B?5L2g5aW9?= ".repeat(2000)}\r\n\r\nbody`),
    () =>
      cat(
        base,
        'Subject: address soup\r\nTo: <<<@>>>, "unterminated, @@, a@b@c, =?utf-8?B?###?= <x@y>\r\nCc: ;;;\r\nReply-To: group: a@b, c@d;\r\n\r\nbody',
      ),
  ];
  return pick(damage)();
}
