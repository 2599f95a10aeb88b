// Webhook targets: IPv6 forms that carry an IPv4 address inside are judged by
// that address, and the old site-local block counts as private.
import { describe, expect, it } from "vitest";
import { webhookUrlProblem } from "../../objects/mailbox/webhook-target";

const refuse = (host: string) => expect(webhookUrlProblem(`http://[${host}]/hook`, false), host).toMatch(/private, loopback or link-local/);
const allow = (host: string) => expect(webhookUrlProblem(`http://[${host}]/hook`, false), host).toBeNull();

describe("webhook targets: IPv6 that embeds IPv4", () => {
  it("refuses IPv4-translated addresses (::ffff:0:a.b.c.d) of private IPv4", () => {
    refuse("::ffff:0:7f00:1"); // 127.0.0.1
    refuse("::ffff:0:127.0.0.1");
    refuse("::ffff:0:a00:1"); // 10.0.0.1
    refuse("::ffff:0:a9fe:a9fe"); // 169.254.169.254
    allow("::ffff:0:808:808"); // 8.8.8.8
  });

  it("refuses NAT64 addresses (64:ff9b::/96) of private IPv4, and the local-use NAT64 block", () => {
    refuse("64:ff9b::7f00:1");
    refuse("64:ff9b::127.0.0.1");
    refuse("64:ff9b::c0a8:101"); // 192.168.1.1
    refuse("64:ff9b::a9fe:a9fe");
    refuse("64:ff9b:1::808:808"); // 64:ff9b:1::/48 is for local translators
    allow("64:ff9b::808:808");
  });

  it("refuses 6to4 addresses (2002::/16) of private IPv4", () => {
    refuse("2002:7f00:1::1");
    refuse("2002:a00:1::");
    refuse("2002:c0a8:101:1::5");
    refuse("2002:a9fe:a9fe::1");
    allow("2002:808:808::1");
  });

  it("refuses Teredo (2001::/32) addresses whose client is private", () => {
    // The client IPv4 is stored inverted in the last 32 bits: ~127.0.0.1 = 80ff:fffe.
    refuse("2001:0:4136:e378:8000:63bf:80ff:fffe");
    allow("2001:0:4136:e378:8000:63bf:f7f7:f7f7"); // ~8.8.8.8
  });

  it("refuses site-local fec0::/10 and IPv4-compatible ::a.b.c.d", () => {
    refuse("fec0::1");
    refuse("feff::1");
    refuse("::7f00:1");
    refuse("::a00:1");
  });

  it("still allows ordinary public IPv6", () => {
    allow("2606:4700::1111");
    allow("2a00:1450:4001:81c::200e");
  });
});

describe("webhook targets: host names ending in dots", () => {
  it("refuses loopback and private hosts however many trailing dots they carry", () => {
    for (const host of ["127.0.0.1.", "127.0.0.1..", "localhost..", "10.0.0.1...", "169.254.169.254.."]) {
      expect(webhookUrlProblem(`http://${host}:9911/hook`, false), host).toMatch(/private, loopback or link-local/);
    }
    expect(webhookUrlProblem("https://hooks.example.com../in", false)).toBeNull();
  });
});
