/**
 * The sleeps a FakeClock has not fired yet, earliest due first (equal due times in request
 * order): a binary min-heap, so that 10⁵ pending sleeps cost O(log n) each to add and to fire.
 * A cancelled entry stays in the heap, marked, and is skipped when it comes up.
 */

/** One pending sleep. */
export interface QueuedSleep {
  readonly dueAt: number;
  /** Request order, the tie-breaker for equal due times. */
  readonly seq: number;
  cancelled: boolean;
}

function before(a: QueuedSleep, b: QueuedSleep): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);
}

export class SleepQueue<E extends QueuedSleep> {
  readonly #heap: E[] = [];
  #live = 0;

  /** The number of entries neither fired nor cancelled. */
  get size(): number {
    return this.#live;
  }

  push(entry: E): void {
    const heap = this.#heap;
    let i = heap.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent] as E)) break;
      heap[i] = heap[parent] as E;
      i = parent;
    }
    heap[i] = entry;
    this.#live++;
  }

  cancel(entry: E): void {
    if (entry.cancelled) return;
    entry.cancelled = true;
    this.#live--;
  }

  /** The earliest live entry, left in place. */
  peek(): E | undefined {
    while (this.#heap[0]?.cancelled) this.#pop();
    return this.#heap[0];
  }

  /** Removes and returns the earliest live entry. */
  shift(): E | undefined {
    const first = this.peek();
    if (first === undefined) return undefined;
    this.#pop();
    this.#live--;
    first.cancelled = true;
    return first;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop() as E;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as E, heap[left] as E) ? right : left;
      if (!before(heap[child] as E, last)) break;
      heap[i] = heap[child] as E;
      i = child;
    }
    heap[i] = last;
  }
}
