// A destructive button that asks "Sure?" on the first press (no native dialogs).
import { useEffect, useState } from "preact/hooks";
import { t } from "./i18n";

/** `describe` goes into the accessible name only (which row's button this is), not on the button. */
export function ConfirmButton(props: { label: string; describe?: string; onConfirm: () => unknown; class?: string; testid?: string }) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), 4000);
    return () => clearTimeout(timer);
  }, [armed]);
  return (
    <button
      type="button"
      class={`danger ${props.class ?? ""}`}
      data-testid={props.testid}
      aria-label={`${props.label}${props.describe ? ` ${props.describe}` : ""}${armed ? `: ${t("confirm")}` : ""}`}
      onClick={() => {
        if (!armed) return setArmed(true);
        setArmed(false);
        props.onConfirm();
      }}
    >
      {armed ? t("confirm") : props.label}
    </button>
  );
}
