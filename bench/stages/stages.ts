// The ingest stage ladder's stages, in order: each does what the one before
// it did and one step more (bench/stages/worker.ts carries them out).
export const STAGES = [
  ["none", "email() returns at once: the runtime's own cost of a mail (the in-process ceiling)"],
  ["read", "+ the raw bytes read"],
  ["parse", "+ wasm-parser"],
  ["hash", "+ SHA-256 of each attachment"],
  ["codes", "+ codes and links"],
  ["build", "the whole Delivery (snippet, addresses, Authentication-Results)"],
  ["hop", "+ one no-op call to the recipient's Mailbox"],
  ["rpc", "+ the Delivery and its bytes carried to the object"],
  ["full", "Pigeonhole's email(): the Delivery to the Mailbox, stored, logged, pushed"],
] as const;

export type Stage = (typeof STAGES)[number][0];
