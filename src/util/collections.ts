/**
 * Small generic data structures: a multimap push, appends and maxima of any size, union-find,
 * and binary searches over sorted lists.
 */

/** Append `value` to the list of `key`, creating the list. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Append every item to `list`, one at a time: `list.push(...items)` passes each item as an
 * argument and overflows the stack past ~100,000 of them, a size the input can reach.
 */
export function appendAll<T>(list: T[], items: Iterable<T>): void {
  for (const item of items) list.push(item);
}

/** The largest value of `valueOf` over `items`; `empty` when there are none. `Math.max(...x)` overflows on large lists. */
export function maxOf<T>(items: Iterable<T>, valueOf: (item: T) => number, empty = 0): number {
  let max = empty;
  let first = true;
  for (const item of items) {
    const v = valueOf(item);
    if (first || v > max) max = v;
    first = false;
  }
  return max;
}

/** The last element of a list, if any. */
export function lastOf<T>(list: readonly T[] | undefined): T | undefined {
  return list?.[list.length - 1];
}

/** How many entries at the start of `list` (ascending by `valueOf`) are at most `limit`. */
export function countUpTo<T>(list: readonly T[], limit: number, valueOf: (entry: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (valueOf(list[mid]) <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last range whose `end` (or `start`) is at most `offset` (ranges sorted, not overlapping); -1 if none. */
export function lastIndexBefore(ranges: readonly { readonly start: number; readonly end: number }[], offset: number, field: "end" | "start" = "end"): number {
  let lo = 0;
  let hi = ranges.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid][field] <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Index of the first item after `index` that `test` accepts; -1 if none. */
export function findAfter<T>(items: readonly T[], index: number, test: (item: T) => boolean): number {
  for (let j = index + 1; j < items.length; j++) if (test(items[j])) return j;
  return -1;
}

/** Two lists, each already sorted by `order`, merged into one sorted list. */
export function mergeByOrder<A extends { readonly order: number }, B extends { readonly order: number }>(a: readonly A[], b: readonly B[]): (A | B)[] {
  const out: (A | B)[] = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j].order < x.order) out.push(b[j++]);
    out.push(x);
  }
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** Union-find over indices; the smallest index of a set is its representative. */
export class DisjointSets {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra < rb) this.parent[rb] = ra;
    else this.parent[ra] = rb;
  }
}
