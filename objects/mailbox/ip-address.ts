// IP address literals read into numbers: webhook targets are judged by them, and the Worker keys clients by them.

/** The four bytes of a dotted IPv4 address; null when `text` is not one. */
export function parseIpv4(text: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const bytes = m.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

/** The eight 16-bit groups of an IPv6 address (compressed, or with a dotted IPv4 tail); null when `text` is not one. */
export function parseIpv6(text: string): number[] | null {
  const halves = text.toLowerCase().split("::");
  if (halves.length > 2) return null;
  const head = halves[0] === "" ? [] : halves[0].split(":");
  const tail = halves.length === 2 && halves[1] !== "" ? halves[1].split(":") : [];
  const parts = [...head, ...tail];
  const last = parts[parts.length - 1] ?? "";
  const v4 = last.includes(".") ? parseIpv4(last) : null;
  // A dotted tail must be the last thing written.
  if (last.includes(".") && (!v4 || (halves.length === 2 && tail.length === 0))) return null;
  const hex = v4 ? parts.slice(0, -1) : parts;
  if (!hex.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  const width = parts.length + (v4 ? 1 : 0);
  if (halves.length === 1 ? width !== 8 : width > 7) return null;
  const groups = (list: string[]) => list.map((g) => parseInt(g, 16));
  const v4Groups = v4 ? [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]] : [];
  const headGroups = groups(tail.length === 0 && v4 ? head.slice(0, -1) : head);
  const tailGroups = groups(v4 && tail.length > 0 ? tail.slice(0, -1) : tail);
  const zeros = Array(8 - width).fill(0);
  return halves.length === 1 ? [...headGroups, ...v4Groups] : [...headGroups, ...zeros, ...tailGroups, ...v4Groups];
}
