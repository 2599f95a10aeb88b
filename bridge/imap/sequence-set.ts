// IMAP sequence sets ("1:4,7,9:*"), for message numbers and UIDs alike.

/** A command the client got wrong: answered BAD with this message. */
export class BadCommand extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BadCommand";
  }
}

/** The command is sound but the service cannot serve it now: NO [UNAVAILABLE] with this message. */
export class Unavailable extends Error {}

export interface SequenceSet {
  has(n: number): boolean;
}

const SET = /^(\d+|\*)(:(\d+|\*))?(,(\d+|\*)(:(\d+|\*))?)*$/;

/** `star` is what "*" means: the largest number in use (0 in an empty mailbox). */
export function parseSequenceSet(text: string, star: number): SequenceSet {
  if (!SET.test(text)) throw new BadCommand(`Not a sequence set: ${text.slice(0, 40)}`);
  const value = (s: string) => {
    if (s === "*") return star;
    const n = Number(s);
    if (n < 1 || !Number.isSafeInteger(n)) throw new BadCommand("Message numbers start at 1.");
    return n;
  };
  const ranges = text.split(",").map((piece) => {
    const [a, b = a] = piece.split(":");
    const x = value(a);
    const y = value(b);
    return [Math.min(x, y), Math.max(x, y)] as const;
  });
  return { has: (n) => ranges.some(([lo, hi]) => n >= lo && n <= hi) };
}
