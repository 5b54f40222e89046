/**
 * Monotonic time aligned with the epoch, for `systemClock.now()`. `Date.now()` jumps when NTP
 * steps the wall clock (an hour forward, three seconds back), which would end a run early, keep
 * it retrying past its limit, or freeze a budget's refill. Node's timers run on a monotonic clock;
 * so does this. Fake timers stay in charge: when `setTimeout` is faked, the reading follows the
 * fake timers' clock (their `performance.now()`, which `clock.setSystemTime()` leaves alone, or
 * their `now` when only `setTimeout` and `Date` are faked).
 */

/** What `@sinonjs/fake-timers` (and so vitest) hangs on the functions it fakes. */
interface FakeTimersClock {
  readonly now?: unknown;
  readonly performance?: { readonly now?: unknown };
}

/** The source read last, and its offset to the epoch (set when the source changes). */
let source: unknown;
let offsetMs = 0;

/** Milliseconds since the epoch, from a monotonic source; see the module comment. */
export function monotonicNow(): number {
  const fake = (globalThis.setTimeout as { clock?: FakeTimersClock }).clock;
  const perf = globalThis.performance as Performance | undefined;
  const perfNow = perf?.now;
  let key: unknown;
  let ms: number;
  if (typeof fake === 'object' && fake !== null && perfNow !== fake.performance?.now) {
    // setTimeout is faked but performance is not: the fake timers' own time drives the sleeps.
    key = fake;
    ms = Number(fake.now);
  } else if (typeof perfNow === 'function') {
    key = perfNow;
    ms = perfNow.call(perf);
  } else {
    return globalThis.Date.now();
  }
  if (key !== source) {
    // A new source (fake timers installed or removed): align it with the wall clock once.
    source = key;
    offsetMs = globalThis.Date.now() - ms;
  }
  return offsetMs + ms;
}
