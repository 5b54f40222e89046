/**
 * The price of an adaptive throttle on the success path: a Retryer with and without the
 * `throttle` option, on a healthy service (every call succeeds, nothing is rejected), as ratios
 * to a bare `await fn()` and to each other.
 */
import { do_not_optimize } from 'mitata';
import { AdaptiveThrottle, Retryer } from '../src/index.js';
import { type Case, interleaved } from './measure.js';
import { duration, ratio, table } from './table.js';

const CALLS = 1000;
const op = async (): Promise<number> => 42;
const signal = new AbortController().signal;

export async function throttleCost(): Promise<string> {
  const plain = new Retryer();
  const throttled = new Retryer({ throttle: new AdaptiveThrottle() });
  const loop = (run: () => Promise<number>) => async () => {
    for (let i = 0; i < CALLS; i++) do_not_optimize(await run());
  };
  const cases: Case[] = [
    { name: 'bare `await fn()`', calls: CALLS, fn: loop(op) },
    { name: 'Retryer', calls: CALLS, fn: loop(() => plain.run(op)) },
    { name: 'Retryer + throttle', calls: CALLS, fn: loop(() => throttled.run(op)) },
    { name: 'Retryer, with a signal', calls: CALLS, fn: loop(() => plain.run(op, { signal })) },
    {
      name: 'Retryer + throttle, with a signal',
      calls: CALLS,
      fn: loop(() => throttled.run(op, { signal })),
    },
  ];
  const ns = await interleaved(cases);
  const bare = ns.get('bare `await fn()`') as number;
  const without = (name: string): number => ns.get(name.replace(' + throttle', '')) as number;
  return table(
    ['success on the first try', 'time per call', 'ratio to bare', 'ratio to no throttle'],
    cases.map((c) => {
      const t = ns.get(c.name) as number;
      return [c.name, duration(t), ratio(t, bare), ratio(t, without(c.name))];
    }),
  );
}
