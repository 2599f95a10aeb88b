// What the CLI's commands share: the error that means "wrong command line" (exit 1 with help) and option parsing.

export class UsageError extends Error {}

/** @param {string} value @param {string} name */
export function intOption(value, name) {
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a non-negative integer.`);
  return Number(value);
}
