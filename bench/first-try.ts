/**
 * Success on the first try: the price of wrapping a call that does not fail, as a ratio to a
 * bare `await fn()`. Every library is set to 3 attempts and 1 s delays; none of it is used.
 */
import { do_not_optimize } from 'mitata';
import { contenders, type Runner } from './contenders.js';
import { type Case, interleaved } from './measure.js';
import { duration, ratio, table } from './table.js';

const CALLS = 1000;
const op = async (): Promise<number> => 42;
/** A signal that never aborts: what a caller passes "just in case" (a shutdown signal). */
const signal = new AbortController().signal;

export async function firstTry(): Promise<string> {
  const cases: Case[] = [
    {
      name: 'bare `await fn()`',
      calls: CALLS,
      fn: async () => {
        for (let i = 0; i < CALLS; i++) do_not_optimize(await op());
      },
    },
    {
      // Not a library: the floor for any run that reads the clock before its first attempt, as
      // it must for maxElapsedMs, elapsedMs and retryInfo. On some VMs a clock read costs more
      // than the awaited call itself.
      name: 'bare + one Date.now()',
      calls: CALLS,
      fn: async () => {
        for (let i = 0; i < CALLS; i++) {
          do_not_optimize(Date.now());
          do_not_optimize(await op());
        }
      },
    },
    ...contenders.map((c): Case => {
      const run: Runner = c.make({ attempts: 3, delayMs: 1000 });
      return {
        name: c.name,
        calls: CALLS,
        fn: async () => {
          for (let i = 0; i < CALLS; i++) do_not_optimize(await run(op));
        },
      };
    }),
    // With a signal, an attempt must be raced against it (retryer) or at least checked (p-retry).
    ...contenders
      .filter((c) => c.abortable)
      .map((c): Case => {
        const run: Runner = c.make({ attempts: 3, delayMs: 1000 });
        return {
          name: `${c.name}, with a signal`,
          calls: CALLS,
          fn: async () => {
            for (let i = 0; i < CALLS; i++) do_not_optimize(await run(op, signal));
          },
        };
      }),
  ];
  const ns = await interleaved(cases);
  const bare = ns.get('bare `await fn()`') as number;
  return table(
    ['success on the first try', 'time per call', 'ratio to bare'],
    cases.map((c) => {
      const t = ns.get(c.name) as number;
      return [c.name, duration(t), ratio(t, bare)];
    }),
  );
}
