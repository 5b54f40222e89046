/**
 * One library, in its own process (`node --expose-gc memory-child.js <name> <runs>`): start
 * `runs` concurrent runs whose first attempt fails, so all are asleep in a 60 s backoff; measure
 * the heap they hold; abort them all; wait until all settle; report; then return and let the
 * process exit by itself. A leaked timer or listener keeps it alive, which the parent detects.
 *
 * Runs share signals, 100 per AbortController (a shutdown signal shared by many requests):
 * the first listener on a fresh Node AbortSignal costs ~0.8 KB by itself, which would swamp what
 * the libraries hold; and Node's addEventListener walks the listener list, so 100,000 listeners on
 * one signal would take minutes. (Shared by 100, a signal adds ~8 B to each run.)
 */
import { setMaxListeners } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { contender, TRANSIENT } from './contenders.js';

const [name = 'retrywise', runsArg = '100000'] = process.argv.slice(2);
const runs = Number(runsArg);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

const c = contender(name);
/**
 * A library that cannot abort sleeps 3 s instead (long enough for the measurement), then makes
 * its last attempt and gives up.
 */
const delayMs = c.abortable ? 60_000 : 3000;
const RUNS_PER_SIGNAL = 100;
/** A pre-made reason: `abort()` without one builds a DOMException with a stack, ~10 µs each. */
const REASON = new Error('shutting down');
const run = c.make({ attempts: 2, delayMs });
// A library that ignores abort may wake and give up before the handlers below are attached.
if (!c.abortable) process.on('unhandledRejection', () => {});
const fail = async (): Promise<number> => {
  throw TRANSIENT;
};

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function signals(count: number): AbortController[] {
  const controllers = Array.from(
    { length: Math.ceil(count / RUNS_PER_SIGNAL) },
    () => new AbortController(),
  );
  setMaxListeners(0, ...controllers.map((k) => k.signal));
  return controllers;
}

async function settleAll(promises: Promise<number>[], controllers: AbortController[]) {
  let settled = 0;
  const done = promises.map((p) =>
    p.then(
      () => settled++,
      () => settled++,
    ),
  );
  const started = performance.now();
  for (const controller of controllers) controller.abort(REASON);
  await Promise.all(done);
  return { settled, settleMs: performance.now() - started };
}

// Warm up the code paths with a small batch, so compilation is not counted per run. (With a
// 1 ms delay for libraries that cannot abort: same code, no 3 s wait.)
{
  const warm = c.abortable ? run : c.make({ attempts: 2, delayMs: 1 });
  const controllers = signals(2000);
  const promises = Array.from({ length: 2000 }, (_, i) =>
    warm(fail, controllers[i % controllers.length]?.signal),
  );
  await nextTurn();
  await settleAll(promises, controllers);
}

// The signals are the caller's, allocated before the baseline: only what a run adds is counted.
const controllers = signals(runs);
const promises: Promise<number>[] = new Array(runs).fill(undefined);
const before = heapUsed();
for (let i = 0; i < runs; i++) promises[i] = run(fail, controllers[i % controllers.length]?.signal);
await nextTurn();
await nextTurn();
const after = heapUsed();
const { settled, settleMs } = await settleAll(promises, controllers);
const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
console.log(
  JSON.stringify({
    name,
    runs,
    bytesPerRun: (after - before) / runs,
    settled,
    settleMs,
    abortable: c.abortable,
    timersLeft: timers,
  }),
);
