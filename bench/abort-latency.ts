/**
 * Abort → settle: a run asleep in a 60 s backoff, then `controller.abort()`; the time until the
 * caller's `await` resumes with the rejection. The baseline is a bare promise rejected by an abort
 * listener. Samples of all libraries are interleaved; median and p99 over the samples. Libraries
 * without abort support (async-retry, exponential-backoff) get no signal and run to their give-up.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { contenders, type Runner, TRANSIENT } from './contenders.js';
import { median, quantile } from './measure.js';
import { duration, table } from './table.js';

const SAMPLES = 400;
const WARMUP = 50;
/** Libraries that sleep through an abort wait this long per sample; keep it short. */
const UNABORTABLE_DELAY_MS = 20;
/**
 * A pre-made reason: `abort()` without one builds a DOMException with a stack (~10 µs here), the
 * same for every row, which only adds noise.
 */
const REASON = new Error('aborted by the bench');

const fail = async (): Promise<number> => {
  throw TRANSIENT;
};

function bareListener(_op: () => Promise<number>, signal?: AbortSignal): Promise<number> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** ns from `abort()` to the awaiting code resuming, for one run started by `run`. */
async function sample(run: Runner): Promise<number> {
  const controller = new AbortController();
  const settled = run(fail, controller.signal).then(
    () => performance.now(),
    () => performance.now(),
  );
  await nextTurn(); // the first attempt has failed: the run is asleep
  const started = performance.now();
  controller.abort(REASON);
  return ((await settled) - started) * 1e6;
}

export async function abortLatency(): Promise<string> {
  const runners: [string, Runner, boolean][] = [
    ['bare abort listener', bareListener, true],
    ...contenders.map((c): [string, Runner, boolean] => [
      c.name,
      c.make({ attempts: 3, delayMs: c.abortable ? 60_000 : UNABORTABLE_DELAY_MS }),
      c.abortable,
    ]),
  ];
  const samples = new Map<string, number[]>(runners.map(([name]) => [name, []]));
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    for (const [name, run, abortable] of runners) {
      if (!abortable && i % 20 !== 0) continue; // each costs a full sleep; a few samples suffice
      const ns = await sample(run);
      if (i >= WARMUP || !abortable) samples.get(name)?.push(ns);
    }
  }
  const bare = median(samples.get('bare abort listener') ?? []);
  return table(
    ['abort → settle, asleep in backoff', 'median', 'p99', 'median − bare'],
    runners.map(([name, , abortable]) => {
      const s = samples.get(name) ?? [];
      const m = median(s);
      const note = abortable ? '' : ` (ignores abort; ${UNABORTABLE_DELAY_MS} ms sleeps)`;
      return [
        name + note,
        duration(m),
        duration(quantile(s, 0.99)),
        name.startsWith('bare') ? '—' : duration(m - bare),
      ];
    }),
  );
}
