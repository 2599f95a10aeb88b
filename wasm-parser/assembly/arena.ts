// Bump allocator over linear memory: everything one parse makes lives here and
// is dropped at once by reset(). No GC, no managed objects.

let top: usize = 0;

export function arenaReset(): void {
  top = (__heap_base + 15) & ~<usize>15;
}

/** Grows memory so that [.., end) is addressable. */
export function ensure(end: usize): void {
  const have = <usize>memory.size() << 16;
  if (end <= have) return;
  // grow geometrically: a body decoded line by line would otherwise grow a page at a time
  const needed = <i32>((end - have + 0xffff) >> 16);
  const current = memory.size();
  if (memory.grow(max(needed, min(current, 1024))) < 0 && memory.grow(needed) < 0) unreachable();
}

export function alloc(size: usize): usize {
  if (top == 0) arenaReset();
  const p = top;
  const end = (p + size + 7) & ~<usize>7;
  ensure(end);
  top = end;
  return p;
}

/** Current end of the arena: content decoders append here directly. */
export function arenaTop(): usize {
  if (top == 0) arenaReset();
  return top;
}

/** Commits bytes written at arenaTop() by an appending writer. */
export function arenaCommit(end: usize): void {
  top = (end + 7) & ~<usize>7;
}

export function arenaRelease(p: usize): void {
  top = p;
}
