// A part of the page fetched on first use (its own chunk), so the inbox's first load stays small.
import { useEffect, useState } from "preact/hooks";

/**
 * A hook that fetches `load`'s module once `wanted` is true (once per page: every user of the
 * hook shares the one fetch) and gives it back, or null until it is in; a failed fetch is said
 * through `onError` and tried again the next time it is wanted.
 */
export function chunk<M>(load: () => Promise<M>): (wanted: boolean, onError: (msg: string) => void) => M | null {
  let loading: Promise<M> | null = null;
  return (wanted, onError) => {
    const [module, setModule] = useState<M | null>(null);
    useEffect(() => {
      if (!wanted || module) return;
      loading ??= load();
      loading.then(setModule, (err: Error) => {
        loading = null;
        onError(err.message);
      });
    }, [wanted]);
    return module;
  };
}
