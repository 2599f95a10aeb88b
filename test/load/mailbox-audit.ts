// Claims mailboxes and reads back what they really hold, through the public API.
import { http, json } from "../../bench/lib/http";

export { type Claimed, claim, claimMany } from "../../bench/lib/mailbox";

export interface StoredSummary {
  id: number;
  subject: string | null;
}

/** Every message summary in the mailbox, oldest first (keyset pagination to the end). */
export async function listAll(base: string, address: string, token: string): Promise<StoredSummary[]> {
  const out: StoredSummary[] = [];
  let before = "";
  for (;;) {
    const r = await http(`${base}/api/v1/mailboxes/${address}/messages?limit=100${before}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (r.status !== 200) throw new Error(`list ${address}: ${r.status} ${r.body}`);
    const page = json<{ messages: StoredSummary[]; nextBefore: number | null }>(r);
    out.push(...page.messages.map((m) => ({ id: m.id, subject: m.subject })));
    if (page.nextBefore === null) break;
    before = `&before=${page.nextBefore}`;
  }
  return out.reverse();
}

/** The marker a generated load mail carries as the first word of its Subject. */
export function markerOf(subject: string | null): string {
  return (subject ?? "").split(" ")[0];
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
