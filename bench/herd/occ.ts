/**
 * (a) Marc Brooker's "Exponential Backoff And Jitter" (AWS Architecture Blog, 2015): N clients
 * each update one optimistic-concurrency row once. A cycle is read (the version) then write (with
 * that version); the write fails when another write committed in between, and the client backs
 * off and starts over. One-way network delay |N(10, 2)| ms; base 5 ms, cap 2 s.
 *
 * The real Retryer drives each client, on a FakeClock, with the simulation's seeded `random`.
 * Brooker's `expo(n) = min(cap, 2^n · base)` counts n from 1, so the first delay is 2 · base:
 * that is retryer's `initialDelayMs: 10`. His decorrelated jitter starts from `sleep = base`:
 * `initialDelayMs: 5`.
 *
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
import { type Jitter, Retryer } from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';
import { absNormal, seededRandom } from './prng.js';

/** Averages of one jitter kind over the trials. */
export interface OccResult {
  readonly jitter: Jitter;
  /** Writes sent to the row (Brooker's "calls"). */
  readonly calls: number;
  /** Virtual ms until the last client's write succeeded. */
  readonly timeMs: number;
}

const CONFLICT = Object.freeze({ retryable: true, reason: 'version conflict' });

/** One trial: `clients` contend until every one of them has written once. */
export async function occTrial(
  jitter: Jitter,
  clients: number,
  seed: number,
): Promise<{ calls: number; timeMs: number }> {
  const clock = new FakeClock();
  const random = seededRandom(seed);
  const net = (): number => absNormal(random, 10, 2);
  const retryer = new Retryer({
    clock,
    random,
    jitter,
    initialDelayMs: jitter === 'decorrelated' ? 5 : 10,
    maxDelayMs: 2000,
    maxAttempts: Number.POSITIVE_INFINITY,
    maxElapsedMs: Number.MAX_SAFE_INTEGER,
    classifiers: [() => CONFLICT],
  });
  let version = 0;
  let calls = 0;
  const update = async (): Promise<void> => {
    await clock.sleep(net()); // read request
    const seen = version;
    await clock.sleep(net()); // read response
    await clock.sleep(net()); // write request
    calls++;
    const committed = seen === version;
    if (committed) version++;
    await clock.sleep(net()); // write response
    if (!committed) throw new Error('version conflict');
  };
  const runs = Array.from({ length: clients }, () => retryer.run(update));
  await clock.runAll();
  await Promise.all(runs);
  return { calls, timeMs: clock.now() };
}

/** `trials` seeded trials of each jitter kind, averaged. */
export async function occModel(
  kinds: readonly Jitter[],
  clients: number,
  trials: number,
  seed = 1,
): Promise<OccResult[]> {
  const results: OccResult[] = [];
  for (const jitter of kinds) {
    let calls = 0;
    let timeMs = 0;
    for (let t = 0; t < trials; t++) {
      const trial = await occTrial(jitter, clients, seed + t * 7919);
      calls += trial.calls;
      timeMs += trial.timeMs;
    }
    results.push({ jitter, calls: calls / trials, timeMs: timeMs / trials });
  }
  return results;
}

/**
 * What differs from the post's ordering: by calls full < equal < decorrelated < none, by time
 * decorrelated and full (within 25 % of each other) < equal < none. Empty when all hold.
 */
export function checkOccOrdering(results: readonly OccResult[]): string[] {
  const by = (kind: Jitter): OccResult | undefined => results.find((r) => r.jitter === kind);
  const [none, full, equal, decorrelated] = (
    ['none', 'full', 'equal', 'decorrelated'] as const
  ).map(by);
  if (!none || !full || !equal || !decorrelated) return ['all four jitter kinds are needed'];
  const problems: string[] = [];
  if (!(full.calls < equal.calls && equal.calls < decorrelated.calls)) {
    problems.push('calls: full < equal < decorrelated');
  }
  if (!(decorrelated.calls < none.calls)) problems.push('calls: decorrelated < none');
  if (!(Math.max(full.timeMs, decorrelated.timeMs) < equal.timeMs)) {
    problems.push('time: full, decorrelated < equal');
  }
  if (!(equal.timeMs < none.timeMs)) problems.push('time: equal < none');
  if (Math.abs(full.timeMs - decorrelated.timeMs) > 0.25 * full.timeMs) {
    problems.push('time: full and decorrelated within 25 %');
  }
  return problems;
}
