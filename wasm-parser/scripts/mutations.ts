// Seeded fuzz cases for wasm-parser: hostile shapes (deep nesting, huge header
// lines, many tiny parts, broken encodings, bad charsets) and random mutations
// of given mail, the corpus or the project's fixtures (truncation, byte flips,
// lost or doubled boundaries, splices).
// Shared by the bounded workerd test and the long Node run (npm run fuzz:parser).

export interface FuzzCase {
  name: string;
  raw: Uint8Array;
}

/** mulberry32: small, fast, reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const enc = new TextEncoder();
const head = (ct: string, extra = "") =>
  `From: fuzz <fuzz@example.com>\r\nTo: a@example.com\r\nSubject: fuzz\r\nMessage-ID: <f@x>\r\n${extra}Content-Type: ${ct}\r\n\r\n`;

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
}

function bytesOf(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/** The hostile shapes the issue names, each once. */
export function specialCases(): FuzzCase[] {
  const deep: string[] = [head("multipart/mixed; boundary=b0")];
  for (let i = 1; i <= 10_000; i++) deep.push(`--b${i - 1}\r\nContent-Type: multipart/mixed; boundary=b${i}\r\n\r\n`);
  deep.push("--b10000\r\n\r\ndeep\r\n");

  const tiny: string[] = [head("multipart/mixed; boundary=t")];
  for (let i = 0; i < 100_000; i++) tiny.push("--t\r\n\r\nx\r\n");
  tiny.push("--t--\r\n");

  const garbage = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 94))).join("");
  return [
    { name: "10k-deep nesting", raw: enc.encode(deep.join("")) },
    { name: "1 MB header line", raw: enc.encode(`Subject: ${"a".repeat(1 << 20)}\r\nFrom: x@y\r\n\r\nbody\r\n`) },
    { name: "1 MB folded header", raw: enc.encode(`Subject: ${"ab \r\n ".repeat(200_000)}\r\n\r\nbody\r\n`) },
    { name: "100k tiny parts", raw: enc.encode(tiny.join("")) },
    {
      name: "invalid base64",
      raw: enc.encode(`${head("application/pdf", "Content-Transfer-Encoding: base64\r\n") + garbage}\r\n====\r\nA\r\nAB=CD\r\n`),
    },
    {
      name: "invalid quoted-printable",
      raw: enc.encode(`${head("text/plain", "Content-Transfer-Encoding: quoted-printable\r\n")}=ZZ=\r\n=4\r\n=\r\n==41=\r\n${garbage}`),
    },
    { name: "bad charsets", raw: enc.encode(`${head('text/plain; charset="\u00ff\u0000bogus"')}caf\u00e9\r\n`) },
    { name: "utf-7 garbage", raw: enc.encode(`${head("text/plain; charset=utf-7")}+++---+ZZZ+AGEAYgBj+2D3-+2D3eAA-\r\n`) },
    {
      name: "bad encoded words",
      raw: enc.encode(`Subject: =?bogus?B?!!!?= =?utf-7?Q?+AGE-?= =?x?Q?=ZZ?= =??Q?a?= =?utf-8?B?4oKs?==?utf-8?B?=?=\r\n\r\nx\r\n`),
    },
    { name: "empty", raw: new Uint8Array(0) },
    { name: "only newlines", raw: enc.encode("\r\n".repeat(50_000)) },
    { name: "bare CRs", raw: enc.encode("Subject: a\rb\r\r\rContent-Type: multipart/mixed; boundary=x\r\r\n--x\r\r\n\r\nbody\r--x--\r") },
  ];
}

function boundaryLines(s: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /^--[^\r\n]*\r?\n/gm;
  for (const m of s.matchAll(re)) {
    if (out.length >= 200) break;
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

const charsets = [
  "utf-7",
  "x-unknown",
  "none",
  "cp850",
  "ibm437",
  "ansi_x3.4-1968",
  "bogus-42",
  "",
  "utf-16",
  "iso-2022-kr",
  "\u0000",
  "unicode-1-1-utf-7",
];

/** One random mutation of a message. */
export function mutate(source: Uint8Array, rnd: () => number, other: Uint8Array): Uint8Array {
  let s = latin1(source);
  const ops = 1 + Math.floor(rnd() * 3);
  for (let k = 0; k < ops; k++) {
    const op = Math.floor(rnd() * 9);
    const at = Math.floor(rnd() * (s.length + 1));
    if (op === 0) {
      s = s.slice(0, at); // truncation
    } else if (op === 1) {
      const b = bytesOf(s); // byte flips
      for (let i = 0, n = 1 + Math.floor(rnd() * 16); i < n && b.length; i++) b[Math.floor(rnd() * b.length)] ^= 1 << Math.floor(rnd() * 8);
      s = latin1(b);
    } else if (op === 2 || op === 3) {
      const lines = boundaryLines(s);
      if (lines.length) {
        const [a, e] = lines[Math.floor(rnd() * lines.length)];
        s = op === 2 ? s.slice(0, a) + s.slice(e) : s.slice(0, e) + s.slice(a, e) + s.slice(e); // removed / duplicated
      }
    } else if (op === 4) {
      s = s.replace(/charset="?[^";\s]*"?/gi, () => `charset="${charsets[Math.floor(rnd() * charsets.length)]}"`);
    } else if (op === 5) {
      s = s.replace(
        /Content-Transfer-Encoding:[^\r\n]*/gi,
        () => `Content-Transfer-Encoding: ${["base64", "quoted-printable", "7bit", "x-uue", "(c) base64"][Math.floor(rnd() * 5)]}`,
      );
    } else if (op === 6) {
      const junk = [
        "=?utf-8?B?",
        "?=",
        "\r\n\r\n",
        "--",
        "=\r\n",
        "\r",
        "\u00ff\u00fe",
        "Content-Type: multipart/mixed; boundary=z\r\n",
        "--z\r\n",
        "(",
        '"',
        "\\",
      ];
      s = s.slice(0, at) + junk[Math.floor(rnd() * junk.length)] + s.slice(at);
    } else if (op === 7) {
      const o = latin1(other); // splice two messages
      s = s.slice(0, at) + o.slice(Math.floor(rnd() * o.length));
    } else {
      s = s.slice(0, at) + s.slice(at, at + Math.floor(rnd() * 2000)).repeat(1 + Math.floor(rnd() * 20)) + s.slice(at);
    }
  }
  return bytesOf(s);
}

/** `count` seeded cases: the special ones first, then mutations of `sources`. */
export function* fuzzCases(sources: Uint8Array[], count: number, seed: number): Generator<FuzzCase> {
  const rnd = prng(seed);
  let n = 0;
  for (const c of specialCases()) {
    if (n++ >= count) return;
    yield c;
  }
  while (n < count) {
    const i = Math.floor(rnd() * sources.length);
    const j = Math.floor(rnd() * sources.length);
    yield { name: `mutation #${n} of source ${i}`, raw: mutate(sources[i], rnd, sources[j]) };
    n++;
  }
}
