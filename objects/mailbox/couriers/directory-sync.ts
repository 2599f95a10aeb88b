// Directory updates: one D1 write per outbox row (an address's row, or a batch of mail counts).
// Never given up on: the directory must not miss that an address ended, so a D1 outage only delays it.

import { applyUpdate, type DirectoryUpdate } from "../../directory/address-index";
import type { ObjectEnv } from "../../env";
import type { OutboxRow } from "../outbox";
import { type Courier, errorText, retry, sent, type Verdict } from "./courier";

export class DirectorySync implements Courier {
  readonly persistent = true;

  constructor(private readonly env: ObjectEnv) {}

  async deliver(row: OutboxRow): Promise<Verdict> {
    try {
      await applyUpdate(this.env.DIRECTORY, JSON.parse(row.payload) as DirectoryUpdate);
      return sent;
    } catch (err) {
      return retry(`directory: ${errorText(err)}`);
    }
  }
}
