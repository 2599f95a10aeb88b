// The sender's authentication verdict (SPF, DKIM, DMARC) as words: colour only repeats what the text says.
import type { MessageAuth } from "../../src/contract/wire";
import "./deliveries.css";

const METHODS = ["spf", "dkim", "dmarc"] as const;

/** "pass", "fail" or anything else (neutral, none, softfail, errors): the three looks a result can have. */
function tone(result: string): "pass" | "fail" | "other" {
  return result === "pass" ? "pass" : result === "fail" ? "fail" : "other";
}

/** Every method the receiving service judged; null when it judged none. */
export function AuthBadge({ auth }: { auth: MessageAuth }) {
  const judged = METHODS.filter((m) => auth[m] !== null);
  if (!judged.length) return null;
  return (
    <span class="row wrap auth" data-testid="auth">
      {judged.map((m) => (
        <span key={m} class={`chip auth-${tone(auth[m] as string)}`} data-method={m}>
          {m.toUpperCase()} {auth[m]}
        </span>
      ))}
    </span>
  );
}

/** The method that failed, for the list's warning (DMARC first: it is the one that weighs SPF and DKIM), or null. */
export function failedCheck(auth: MessageAuth | undefined): string | null {
  const m = ["dmarc", "spf", "dkim"].find((k) => auth?.[k as keyof MessageAuth] === "fail");
  return m ? m.toUpperCase() : null;
}
