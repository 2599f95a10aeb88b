// MCP: from a code mail's delivery to wait_for_code returning its code, through
// the official MCP client SDK (one session, one API key) against wrangler dev,
// one address at a time: the tool call is parked in the mailbox first, then the mail arrives.
import { codeMail, openMcp, userKey } from "../../test/node/mcp-session.ts";
import { deliverHttp } from "../../test/node/service.ts";
import { now, type Summary, summarize } from "../lib/stats.ts";

export interface McpResult {
  rounds: number;
  /** POST of the mail to the local email endpoint → the wait_for_code answer in the client */
  codeReturned: Summary;
  /** the delivery POST's own round trip */
  accept: Summary;
  /** a tools/call round trip with nothing to wait for (list_messages on an empty inbox) */
  toolFloor: Summary;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runMcp(url: string, opts: { rounds: number; parkMs: number }): Promise<McpResult> {
  const { key } = await userKey(url);
  const session = await openMcp(url, key);
  const returned: number[] = [];
  const accept: number[] = [];
  const floor: number[] = [];
  try {
    for (let i = 0; i < opts.rounds; i++) {
      const made = await session.call("create_address", {});
      if (made.isError) throw new Error(`create_address: ${made.value}`);
      const address = (made.value as { address: string }).address;
      const f0 = now();
      await session.call("list_messages", { address });
      floor.push(now() - f0);
      const code = String(100000 + ((i * 7919) % 900000));
      let answeredAt = 0;
      const waiting = session.call("wait_for_code", { address, timeout: 30 }).then((r) => {
        answeredAt = now();
        return r;
      });
      // Long enough for the call to be parked in the mailbox, so the mail is what wakes it.
      await sleep(opts.parkMs);
      const t0 = now();
      const res = await deliverHttp(url, "no-reply@service.example", address, codeMail(address, code));
      accept.push(now() - t0);
      if (res.status !== 200) throw new Error(`delivery ${i}: ${res.status} ${await res.text()}`);
      const got = await waiting;
      const value = got.value as { code?: string } | null;
      if (got.isError || value?.code !== code) throw new Error(`round ${i}: wanted ${code}, got ${JSON.stringify(got)}`);
      returned.push(answeredAt - t0);
      // An account holds a bounded number of addresses: the agent deletes each when done.
      const gone = await session.call("delete_address", { address });
      if (gone.isError) throw new Error(`delete_address: ${gone.value}`);
    }
  } finally {
    await session.close();
  }
  return { rounds: opts.rounds, codeReturned: summarize(returned), accept: summarize(accept), toolFloor: summarize(floor) };
}
