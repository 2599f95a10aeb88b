// A session's cache of raw messages (and their layout, and their parsed
// detail for SEARCH), bounded in bytes: the only mail a bridge holds, and only
// while the session lasts.
import { type MessageDetail, type Pigeonhole, PigeonholeError } from "../../client/sdk/index.ts";
import { type MimeStructure, structureOf } from "../mime.ts";

export interface LoadedMessage {
  raw: Buffer;
  structure: MimeStructure;
}

/** Raw bytes held by every session's cache together. */
let heldByAll = 0;

export class MessageCache {
  private readonly raws = new Map<number, LoadedMessage>();
  private readonly details = new Map<number, MessageDetail>();
  private bytes = 0;

  /** `budget` per session; `sharedBudget` for all sessions of the bridge together. */
  constructor(
    private readonly client: Pigeonhole,
    private readonly budget: number,
    private readonly sharedBudget: number,
  ) {}

  /** The raw message, byte-identical to what arrived, or null when it is gone. */
  async load(uid: number): Promise<LoadedMessage | null> {
    const held = this.raws.get(uid);
    if (held) {
      // most recently used goes last
      this.raws.delete(uid);
      this.raws.set(uid, held);
      return held;
    }
    let raw: Buffer;
    try {
      raw = Buffer.from(await this.client.raw(uid));
    } catch (err) {
      if (err instanceof PigeonholeError && err.status === 404) return null;
      throw err;
    }
    const loaded = { raw, structure: structureOf(raw) };
    this.raws.set(uid, loaded);
    this.bytes += raw.length;
    heldByAll += raw.length;
    // Oldest first, this session's own: over its budget, or while the bridge as a whole is over its.
    for (const [old, value] of this.raws) {
      if ((this.bytes <= this.budget && heldByAll <= this.sharedBudget) || old === uid) break;
      this.drop(old, value);
    }
    return loaded;
  }

  /** The service's own reading of the message (decoded headers and text), or null when it is gone. */
  async detail(uid: number): Promise<MessageDetail | null> {
    const held = this.details.get(uid);
    if (held) return held;
    try {
      const detail = await this.client.get(uid);
      if (this.details.size >= 200) this.details.delete(this.details.keys().next().value as number);
      this.details.set(uid, detail);
      return detail;
    } catch (err) {
      if (err instanceof PigeonholeError && err.status === 404) return null;
      throw err;
    }
  }

  forget(uid: number): void {
    const held = this.raws.get(uid);
    if (held) this.drop(uid, held);
    this.details.delete(uid);
  }

  /** The session ended: its share of the bridge's memory is free again. */
  clear(): void {
    for (const [uid, held] of [...this.raws]) this.drop(uid, held);
    this.details.clear();
  }

  private drop(uid: number, held: LoadedMessage): void {
    this.raws.delete(uid);
    this.bytes -= held.raw.length;
    heldByAll -= held.raw.length;
  }
}
