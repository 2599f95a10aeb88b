// Body decoding in wasm (base64, quoted-printable, pass-through) gives the
// same bytes as postal-mime, on crafted edge cases and on seeded random bodies.
import { describe, expect, it } from "vitest";
import { parseWithPostalMime } from "../../src/mail/postal";
import { parseWithWasm } from "../../wasm-parser/index";
import { prng } from "../../wasm-parser/scripts/mutations";

const encoder = new TextEncoder();

function attachmentMail(encoding: string, body: string): Uint8Array {
  return encoder.encode(
    `From: a@example.com\r\nMessage-ID: <e@x>\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="x.bin"\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${body}\r\n--b--\r\n`,
  );
}

async function decodedBoth(encoding: string, body: string): Promise<[Uint8Array, Uint8Array]> {
  const raw = attachmentMail(encoding, body);
  const wasm = parseWithWasm(raw).attachments[0].content;
  const postal = (await parseWithPostalMime(raw)).attachments[0].content;
  return [wasm, postal];
}

describe("body decoding matches postal-mime byte for byte", () => {
  it.each([
    ["quoted-printable", "=41=42=43 plain =c3=a9 lower"],
    ["quoted-printable", "soft=\r\nbreak=\r\n"],
    ["quoted-printable", "bad =ZZ =4 =\r\n==41== end="],
    ["quoted-printable", "trailing spaces   \r\n\ttab\r\n"],
    ["quoted-printable", "12345678=4112345678=42123456=43=44=45=46=47=48=49=4A"],
    ["quoted-printable", "="],
    ["base64", "QUJD\r\nREVG\r\nR0g="],
    ["base64", "QUI=\r\nQ0Q=\r\nRQ=="],
    ["base64", "QU JD!!RE\u00e9VG*R0g"],
    ["base64", "QUJDRA=QUJD"],
    ["base64", "Q"],
    ["7bit", "line one\r\nline two\r\n\r\n"],
    ["x-unknown-encoding", "as is\r\n"],
  ])("%s: %j", async (encoding, body) => {
    const [wasm, postal] = await decodedBoth(encoding, body);
    expect(wasm).toEqual(postal);
  });

  it("agrees on 300 seeded random quoted-printable and base64 bodies", async () => {
    const rnd = prng(42);
    const qpAlphabet = "abcXYZ019 \t=_-.=\r\n";
    const b64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/==\r\n !";
    const hex = "0123456789ABCDEFabcdefG";
    for (let n = 0; n < 300; n++) {
      const qp = n % 2 === 0;
      let body = "";
      const len = Math.floor(rnd() * 400);
      for (let i = 0; i < len; i++) {
        if (qp && rnd() < 0.2) body += `=${hex[Math.floor(rnd() * hex.length)]}${hex[Math.floor(rnd() * hex.length)]}`;
        else {
          const alphabet = qp ? qpAlphabet : b64Alphabet;
          body += alphabet[Math.floor(rnd() * alphabet.length)];
        }
      }
      const [wasm, postal] = await decodedBoth(qp ? "quoted-printable" : "base64", body);
      expect(wasm, `${qp ? "qp" : "base64"} #${n}: ${JSON.stringify(body)}`).toEqual(postal);
    }
  });
});
