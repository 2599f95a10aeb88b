// The typed SDK and the `pigeonhole` CLI against `wrangler dev`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Pigeonhole, PigeonholeError, TimeoutError } from "../../client/sdk/index";
import type { MessageSummary } from "../../src/contract/wire";
import { userKey } from "./mcp-session";
import { deliverHttp, type Service } from "./service";
import { sharedService } from "./shared-service";

const BIN = resolve(import.meta.dirname, "../../client/cli/pigeonhole.mjs");

let svc: Service;
beforeAll(async () => {
  svc = await sharedService();
});
afterAll(async () => {
  await svc?.stop();
});

function mail(to: string, subject: string, body: string): string {
  return (
    `From: Shop <shop@example.com>\r\nTo: ${to}\r\nSubject: ${subject}\r\n` +
    `Message-ID: <${crypto.randomUUID()}@example.com>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n\r\n${body}\r\n`
  );
}

async function send(to: string, subject: string, body = "hello") {
  const res = await deliverHttp(svc.url, "shop@example.com", to, mail(to, subject, body));
  expect(res.status).toBe(200);
}

/** Runs the CLI as a user would; `onStderr` sees stderr as it comes. */
function cli(args: string[], env: Record<string, string> = {}, onStderr?: (text: string) => void) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, PIGEONHOLE_URL: svc.url, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = Buffer.alloc(0);
  let stderr = "";
  child.stdout.on("data", (d) => (stdout = Buffer.concat([stdout, d])));
  child.stderr.on("data", (d) => {
    stderr += d;
    onStderr?.(stderr);
  });
  const done = new Promise<{ code: number; stdout: string; bytes: Buffer; stderr: string }>((res) =>
    child.on("close", (code) => res({ code: code ?? -1, stdout: stdout.toString(), bytes: stdout, stderr })),
  );
  return { child, done, stdoutNow: () => stdout.toString(), stderrNow: () => stderr };
}

describe("SDK", () => {
  it("creates an address, waits for a matching message, reads it and its raw bytes", async () => {
    const { client, address } = await Pigeonhole.createAddress(svc.url);
    expect((await client.list()).messages).toEqual([]);
    const waiting = client.waitForMessage({ match: (m) => m.codes.length > 0, timeout: 10_000 });
    await send(address, "no code here", "just saying hi");
    const raw = mail(address, "Your code", "Your verification code is 662301");
    await deliverHttp(svc.url, "shop@example.com", address, raw);
    const m = await waiting;
    expect(m.subject).toBe("Your code");
    expect(m.codes).toEqual([{ kind: "code", value: "662301" }]);
    const detail = await client.get(m.id);
    expect(detail.text).toContain("662301");
    expect(new TextDecoder().decode(await client.raw(m.id))).toBe(raw);
    const list = await client.list({ limit: 1 });
    expect(list.messages.map((x) => x.id)).toEqual([m.id]);
    expect(list.nextBefore).toBe(m.id);
  });

  it("times out waitForMessage, and reports API errors as PigeonholeError", async () => {
    const { client } = await Pigeonhole.createAddress(svc.url);
    // Held to the caller's milliseconds, not rounded up to the server's whole seconds (1.2 s was 2 s).
    for (const wait of [() => client.waitForMessage({ timeout: 1200 }), () => client.nextCode({ timeout: 1200 })]) {
      const started = Date.now();
      await expect(wait()).rejects.toBeInstanceOf(TimeoutError);
      expect(Date.now() - started).toBeLessThan(1_800);
    }
    const err = await client.get(12345).catch((e) => e);
    expect(err).toBeInstanceOf(PigeonholeError);
    expect(err.status).toBe(404);
    expect(err.code).toBe("not_found");
  });

  it("nextCode given up on (its signal aborted) takes no code: the next caller gets it", async () => {
    const { client, address } = await Pigeonhole.createAddress(svc.url);
    const stop = new AbortController();
    const abandoned = client.nextCode({ timeout: 30_000, signal: stop.signal }).catch((e: Error) => e.name);
    await new Promise((r) => setTimeout(r, 1_000)); // waiting in the mailbox by now
    stop.abort();
    expect(await abandoned).toBe("AbortError");
    const next = client.nextCode({ timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 500));
    await send(address, "Verify", "Your verification code is 528301");
    expect((await next).code).toBe("528301");
  });

  it("subscribes live and resumes after a disconnect without losing or repeating mail", async () => {
    const { client, address } = await Pigeonhole.createAddress(svc.url);
    const first: MessageSummary[] = [];
    const sub = client.subscribe({ onMessage: (m) => first.push(m) });
    await new Promise((r) => setTimeout(r, 300));
    await send(address, "one");
    await expect.poll(() => first.length, { timeout: 5000 }).toBe(1);
    sub.close();
    await send(address, "two");
    await send(address, "three");
    const second: MessageSummary[] = [];
    const resumed = client.subscribe({ since: sub.lastId, onMessage: (m) => second.push(m) });
    await expect.poll(() => second.length, { timeout: 5000 }).toBe(2);
    await send(address, "four");
    await expect.poll(() => second.length, { timeout: 5000 }).toBe(3);
    expect(second.map((m) => m.subject)).toEqual(["two", "three", "four"]);
    resumed.close();
  });

  it("sets a password and reopens the mailbox with it from a new client", async () => {
    const { client, address } = await Pigeonhole.createAddress(svc.url, { password: "first password" });
    await client.setPassword("second password", "first password");
    const elsewhere = new Pigeonhole({ baseUrl: svc.url });
    await expect(elsewhere.login(address, "first password")).rejects.toMatchObject({ status: 401 });
    await elsewhere.login(address, "second password");
    expect((await elsewhere.meta()).address).toBe(address);
  });
});

describe("SDK: attachments, deleting, destroying", () => {
  it("reads an attachment's bytes as they were sent", async () => {
    const { client, address } = await Pigeonhole.createAddress(svc.url);
    const bytes = randomBytes(3000);
    const raw =
      `From: Shop <shop@example.com>\r\nTo: ${address}\r\nSubject: Invoice\r\nMessage-ID: <${crypto.randomUUID()}@example.com>\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nattached\r\n` +
      `--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="invoice.pdf"\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${bytes.toString("base64").replace(/.{76}/g, "$&\r\n")}\r\n--b--\r\n`;
    expect((await deliverHttp(svc.url, "shop@example.com", address, raw)).status).toBe(200);
    const m = await client.waitForMessage({ timeout: 10_000 });
    expect(m.attachmentCount).toBe(1);
    expect(Buffer.from(await client.attachment(m.id, 0)).equals(bytes)).toBe(true);
    await expect(client.attachment(m.id, 1)).rejects.toMatchObject({ status: 404, code: "not_found" });
  });

  it("deletes one message, then clears the rest", async () => {
    const { client, address } = await Pigeonhole.createAddress(svc.url);
    for (const subject of ["one", "two", "three"]) await send(address, subject);
    await expect.poll(async () => (await client.list()).messages.length, { timeout: 5000 }).toBe(3);
    await client.delete(2);
    expect((await client.list()).messages.map((m) => m.subject)).toEqual(["three", "one"]);
    await expect(client.get(2)).rejects.toMatchObject({ status: 404 });
    await client.clear();
    expect((await client.list()).messages).toEqual([]);
    expect((await client.meta()).latestId).toBe(3);
  });

  it("destroys the mailbox: its credential stops working and the name is held back", async () => {
    const { client, address } = await Pigeonhole.createAddress(svc.url, { name: `sdk-gone-${Date.now().toString(36)}` });
    await client.destroy();
    await expect(client.meta()).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    const again = await new Pigeonhole({ baseUrl: svc.url }).createAddress({ name: address.split("@")[0] }).catch((e) => e);
    expect(again).toBeInstanceOf(PigeonholeError);
    expect(again).toMatchObject({ status: 409, code: "address_taken" });
  });
});

describe("pigeonhole CLI", () => {
  it("wait-code prints the code of a mail delivered after it started, and exits 0", async () => {
    const created = JSON.parse((await cli(["new", `cli${Date.now().toString(36)}`, "--json"]).done).stdout);
    expect(created.address).toMatch(/@pigeonhole\.test$/);
    // Mail already there does not count: only what arrives after the command starts.
    await send(created.address, "old", "Your code is 111111");
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    const run = cli(
      ["wait-code", "--timeout", "20"],
      { PIGEONHOLE_TOKEN: created.token },
      (e) => e.includes("waiting for a code") && ready(),
    );
    await started;
    await send(created.address, "Verify", "Your verification code is 845120");
    const result = await run.done;
    expect(result.stderr).toContain("waiting for a code");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("845120\n");
  });

  it("wait-code stopped with Ctrl-C takes no code: the next wait-code gets it", async () => {
    const created = JSON.parse((await cli(["new", "--json"]).done).stdout);
    const waitCode = () => {
      let ready!: () => void;
      const started = new Promise<void>((r) => (ready = r));
      const run = cli(
        ["wait-code", "--timeout", "30"],
        { PIGEONHOLE_TOKEN: created.token },
        (e) => e.includes("waiting for a code") && ready(),
      );
      return { run, started };
    };
    const first = waitCode();
    await first.started;
    await new Promise((r) => setTimeout(r, 1_500)); // its long-poll is waiting in the mailbox by now
    first.run.child.kill("SIGINT");
    expect((await first.run.done).code).toBe(130);
    const second = waitCode();
    await second.started;
    await send(created.address, "Verify", "Your verification code is 377140");
    const result = await second.run.done;
    expect([result.code, result.stdout]).toEqual([0, "377140\n"]);
  });

  it("wait-code exits non-zero on timeout", async () => {
    const created = JSON.parse((await cli(["new", "--json"]).done).stdout);
    const started = Date.now();
    const result = await cli(["wait-code", "--timeout", "1", "--json"], { PIGEONHOLE_TOKEN: created.token }).done;
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ code: null, error: "timeout" });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("ls, show, raw and watch, with --json", async () => {
    const created = JSON.parse((await cli(["new", "--json"]).done).stdout);
    const env = { PIGEONHOLE_TOKEN: created.token };
    const watch = cli(["watch", "--json"], env);
    await expect.poll(() => watch.child.exitCode === null, { timeout: 2000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    const raw = mail(created.address, "Receipt", "Order code 730955 confirmed");
    await deliverHttp(svc.url, "shop@example.com", created.address, raw);
    await expect.poll(() => watch.stdoutNow().split("\n").filter(Boolean).length, { timeout: 10_000 }).toBe(1);
    const watched = JSON.parse(watch.stdoutNow().trim());
    expect(watched.subject).toBe("Receipt");
    watch.child.kill("SIGINT");
    expect((await watch.done).code).toBe(0);

    const ls = await cli(["ls", "--json"], env).done;
    expect(JSON.parse(ls.stdout).messages.map((m: MessageSummary) => m.id)).toEqual([watched.id]);
    const lsText = await cli(["ls"], env).done;
    expect(lsText.stdout).toContain("Receipt");
    const show = await cli(["show", String(watched.id), "--json"], env).done;
    expect(JSON.parse(show.stdout).text).toContain("730955");
    const showText = await cli(["show", String(watched.id)], env).done;
    expect(showText.stdout).toContain("Subject:  Receipt");
    const rawOut = await cli(["raw", String(watched.id)], env).done;
    expect(rawOut.bytes.toString()).toBe(raw);
    const rawJson = await cli(["raw", String(watched.id), "--json"], env).done;
    expect(JSON.parse(rawJson.stdout)).toEqual({ id: watched.id, raw });
  });

  it("new --password, then login with it prints a fresh credential that works; a wrong one exits 1", async () => {
    const name = `cli-pw-${Date.now().toString(36)}`;
    const created = JSON.parse((await cli(["new", name, "--password", "cli password", "--json"]).done).stdout);
    expect(created.address).toBe(`${name}@pigeonhole.test`);
    const login = await cli(["login", created.address, "--password", "cli password"]).done;
    expect(login.code).toBe(0);
    const fresh = /^export PIGEONHOLE_TOKEN=(\S+)\n$/.exec(login.stdout)?.[1];
    expect(fresh).toBeDefined();
    const ls = await cli(["ls", "--json"], { PIGEONHOLE_TOKEN: fresh! }).done;
    expect(ls.code).toBe(0);
    expect(JSON.parse(ls.stdout)).toEqual({ messages: [], nextBefore: null });
    const wrong = await cli(["login", created.address, "--password", "not it", "--json"]).done;
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout).error).toMatchObject({ status: 401 });
    const none = await cli(["login", created.address]).done;
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("login needs --password");
  });

  it("with an API key: new makes an address the key opens; wait-code --address hands each code out once, and a link-only mail's link", async () => {
    const { key } = await userKey(svc.url);
    const made = await cli(["new"], { PIGEONHOLE_TOKEN: key }).done;
    expect(made.code).toBe(0);
    const address = /^export PIGEONHOLE_ADDRESS=(\S+)$/m.exec(made.stdout)?.[1] ?? "";
    expect(address).toMatch(/@pigeonhole\.test$/);
    expect(made.stdout).not.toContain("PIGEONHOLE_TOKEN");
    const env = { PIGEONHOLE_TOKEN: key, PIGEONHOLE_ADDRESS: address };
    await send(address, "Your code", "Your code is 515151");
    await send(address, "Confirm", "Confirm your address: https://shop.example.com/verify?token=Zxkqvw");
    const first = await cli(["wait-code", "--since", "0", "--timeout", "20", "--from", "SHOP@"], env).done;
    expect([first.code, first.stdout]).toEqual([0, "515151\n"]);
    // The first code is spoken for: the next wait-code gets the link, `code` in --json being what stdout would print.
    const second = await cli(["wait-code", "--since", "0", "--timeout", "20", "--json"], env).done;
    const link = "https://shop.example.com/verify?token=Zxkqvw";
    expect(JSON.parse(second.stdout)).toMatchObject({ code: link, kind: "link", link, id: 2, message: { subject: "Confirm" } });
    expect((await cli(["wait-code", "--since", "0", "--timeout", "1"], env).done).code).toBe(2);
  });

  it("--since counts mail already there: wait-code --since 0 finds its code, watch --since 1 replays what came after", async () => {
    const created = JSON.parse((await cli(["new", "--json"]).done).stdout);
    const env = { PIGEONHOLE_TOKEN: created.token };
    await send(created.address, "Earlier", "Your code is 272727");
    await send(created.address, "Later", "no code");
    const code = await cli(["wait-code", "--since", "0", "--timeout", "20"], env).done;
    expect(code.code).toBe(0);
    expect(code.stdout).toBe("272727\n");
    // Past the code's id, only later mail counts: nothing with a code comes, so it times out.
    const after = await cli(["wait-code", "--since", "1", "--timeout", "1", "--json"], env).done;
    expect(after.code).toBe(2);
    const watch = cli(["watch", "--since", "1", "--json"], env);
    await expect.poll(() => watch.stdoutNow().split("\n").filter(Boolean).length, { timeout: 10_000 }).toBe(1);
    expect(JSON.parse(watch.stdoutNow())).toMatchObject({ id: 2, subject: "Later" });
    watch.child.kill("SIGINT");
    expect((await watch.done).code).toBe(0);
  });

  it("watch stops with an error instead of retrying for ever: an API key, a dead credential, a sign-out everywhere", async () => {
    const { key } = await userKey(svc.url);
    const withKey = await cli(["watch"], { PIGEONHOLE_TOKEN: key, PIGEONHOLE_ADDRESS: "any@pigeonhole.test" }).done;
    expect([withKey.code, withKey.stderr]).toEqual([1, expect.stringContaining("API keys cannot open WebSockets")]);

    const doomed = JSON.parse((await cli(["new", "--json"]).done).stdout);
    await new Pigeonhole({ baseUrl: svc.url, token: doomed.token }).destroy();
    const dead = await cli(["watch", "--since", "0"], { PIGEONHOLE_TOKEN: doomed.token }).done;
    expect([dead.code, dead.stderr]).toEqual([1, expect.stringContaining("401")]);

    const created = JSON.parse((await cli(["new", "--json"]).done).stdout);
    const watch = cli(["watch"], { PIGEONHOLE_TOKEN: created.token });
    // A mail seen is the proof that the socket is up.
    await expect.poll(() => watch.stderrNow().includes("watching"), { timeout: 10_000 }).toBe(true);
    await send(created.address, "Proof of life");
    await expect.poll(() => watch.stdoutNow(), { timeout: 10_000 }).toContain("Proof of life");
    await new Pigeonhole({ baseUrl: svc.url, token: created.token }).revokeCredentials();
    const t0 = Date.now();
    const ended = await watch.done;
    expect([ended.code, ended.stderr]).toEqual([1, expect.stringContaining("revoked")]);
    // On the `revoked` frame, not the close event that can come seconds after it.
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("has --help on every command and fails clearly without a credential or with a bad one", async () => {
    for (const command of ["new", "login", "ls", "show", "raw", "watch", "wait-code"]) {
      const help = await cli([command, "--help"]).done;
      expect(help.code, command).toBe(0);
      expect(help.stdout).toContain(`Usage: pigeonhole ${command}`);
    }
    expect((await cli(["--help"]).done).stdout).toContain("wait-code");
    const none = await cli(["ls"]).done;
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("PIGEONHOLE_TOKEN");
    const bad = await cli(["ls", "--json", "--token", "a.b.c"]).done;
    expect(bad.code).toBe(1);
    const garbage = await cli(["ls", "--token", "garbage"]).done;
    expect([garbage.code, garbage.stderr]).toEqual([1, expect.stringContaining("not a Pigeonhole credential")]);
    const unknown = await cli(["frobnicate"]).done;
    expect(unknown.code).toBe(1);
  });
});
