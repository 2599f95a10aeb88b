// A destructive button that asks "Sure?" on the first press (no native dialogs).
import { useEffect, useState } from "preact/hooks";
import { t } from "./i18n";

export function ConfirmButton(props: { label: string; onConfirm: () => unknown; class?: string; testid?: string }) {
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
      aria-label={armed ? `${props.label}: ${t("confirm")}` : props.label}
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
