/**
 * What hedging buys: the latency of 10,000 calls to a service whose replicas answer in 10–30 ms,
 * except 3 % of requests that take 200–1,000 ms (a busy replica, a GC pause), each attempt drawn
 * on its own. On virtual time (FakeClock), so the figures are the policy's, not this machine's:
 * percentiles of the call's latency and the extra requests it sent.
 */
import { Retryer } from '../src/index.js';
import { FakeClock } from '../src/testing/index.js';
import { seededRandom } from './herd/prng.js';
import { table } from './table.js';

const CALLS = 10_000;

function latencyMs(random: () => number): number {
  return random() < 0.03 ? 200 + 800 * random() : 10 + 20 * random();
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function simulate(hedgeDelayMs: number | undefined, maxAttempts: number) {
  const clock = new FakeClock();
  const random = seededRandom(42);
  const retryer = new Retryer({ clock, maxAttempts, hedgeDelayMs });
  let requests = 0;
  const latencies: number[] = [];
  const runs = Array.from({ length: CALLS }, () =>
    retryer
      .run(async ({ signal }) => {
        requests++;
        // Without hedging, ctx.signal is one shared never-aborted signal: 10,000 sleeps on it at
        // once would trip Node's MaxListenersExceededWarning (a finding of its own).
        await clock.sleep(latencyMs(random), hedgeDelayMs === undefined ? undefined : signal);
        return 'ok';
      })
      .then(() => latencies.push(clock.now())),
  );
  await clock.runAll();
  await Promise.all(runs);
  latencies.sort((a, b) => a - b);
  return { latencies, extra: requests / CALLS - 1 };
}

export async function hedging(): Promise<string> {
  const cases: [string, number | undefined, number][] = [
    ['no hedging', undefined, 1],
    ['hedgeDelayMs: 30 (≈ p95), 2 attempts', 30, 2],
    ['hedgeDelayMs: 30 (≈ p95), 3 attempts', 30, 3],
    ['hedgeDelayMs: 20 (≈ p50), 2 attempts', 20, 2],
  ];
  const rows: string[][] = [];
  for (const [name, delayMs, attempts] of cases) {
    const { latencies, extra } = await simulate(delayMs, attempts);
    const ms = (p: number) => `${percentile(latencies, p).toFixed(0)} ms`;
    rows.push([name, ms(50), ms(95), ms(99), ms(99.9), `${(extra * 100).toFixed(1)} %`]);
  }
  return table(
    ['10,000 calls, 3 % slow (virtual time)', 'p50', 'p95', 'p99', 'p99.9', 'extra requests'],
    rows,
  );
}
