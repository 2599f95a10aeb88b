// What is being composed, if anything: a new message, or a reply to or forward of one (by id).
import { signal } from "@preact/signals";

export type ComposeIntent = { mode: "new" } | { mode: "reply" | "forward"; id: number };

export const composing = signal<ComposeIntent | null>(null);
