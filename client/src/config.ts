// The deployment's public settings (GET /api/v1/config), read once per page; Turnstile's widget is fetched only where it is used.
import { signal } from "@preact/signals";
import type { FunctionComponent } from "preact";
import type { PublicConfig } from "../../src/contract/wire";
import { service } from "./service";

export const config = signal<PublicConfig | null>(null);
export const configError = signal<string | null>(null);
type TurnstileWidget = FunctionComponent<{ siteKey: string; onToken: (token: string | null) => void }>;
export const TurnstileBox = signal<TurnstileWidget | null>(null);

export function loadConfig(): void {
  service()
    .config()
    .then(
      (c) => {
        config.value = c;
        if (c.turnstileSiteKey) import("./turnstile").then((m) => (TurnstileBox.value = m.Turnstile));
      },
      (err: Error) => (configError.value = err.message),
    );
}
