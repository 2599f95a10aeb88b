// useNewest: a panel's list is read when it opens and again after each change; the
// answers can arrive out of order (seen on a loaded machine), and an older one must
// never undo a newer one.
import { useRef } from "preact/hooks";

/** Returns `read`: it awaits a load and applies its answer only if no later load was started meanwhile. */
export function useNewest(): <T>(load: Promise<T>, apply: (answer: T) => void) => Promise<void> {
  const asked = useRef(0);
  return async (load, apply) => {
    const n = ++asked.current;
    let answer: Awaited<typeof load>;
    try {
      answer = await load;
    } catch (err) {
      // A superseded read's failure says nothing about the list now shown.
      if (n === asked.current) throw err;
      return;
    }
    if (n === asked.current) apply(answer);
  };
}
