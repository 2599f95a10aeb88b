// One-click copy with a short "Copied" acknowledgement.
import { useState } from "preact/hooks";
import { copyText } from "./browser";
import { t } from "./i18n";

/** A code is worth hearing with its button; a credential or a share link is long, and not for reading aloud. */
const SPOKEN_VALUE = 40;

export function CopyButton(props: { value: string; label?: string; testid?: string; class?: string }) {
  const [done, setDone] = useState(false);
  const label = props.label ?? t("copy");
  return (
    <button
      type="button"
      class={props.class}
      data-testid={props.testid}
      aria-label={`${done ? t("copied") : label}${props.value.length <= SPOKEN_VALUE ? `: ${props.value}` : ""}`}
      onClick={async () => {
        await copyText(props.value);
        setDone(true);
        setTimeout(() => setDone(false), 1500);
      }}
    >
      {done ? t("copied") : label}
    </button>
  );
}
