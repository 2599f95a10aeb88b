// A long-poll held to the caller's own deadline: the server counts whole seconds, so the request
// is also aborted when the deadline passes, as when the caller's own signal aborts.

/** `poll` with a signal that aborts at `deadline` or with `signal`; "deadline" when the deadline cut it short. */
export async function beforeDeadline<T>(
  deadline: number,
  signal: AbortSignal | undefined,
  poll: (signal: AbortSignal) => Promise<T>,
): Promise<T | "deadline"> {
  const timer = new AbortController();
  const cut = setTimeout(() => timer.abort(), Math.max(0, deadline - Date.now()));
  try {
    return await poll(signal ? AbortSignal.any([signal, timer.signal]) : timer.signal);
  } catch (err) {
    if (timer.signal.aborted && !signal?.aborted) return "deadline";
    throw err;
  } finally {
    clearTimeout(cut);
  }
}

/** Seconds to ask the server to wait: the time left, rounded up (the deadline cuts the rest), at most 30. */
export function pollSeconds(deadline: number): number {
  return Math.max(1, Math.min(30, Math.ceil((deadline - Date.now()) / 1000)));
}
