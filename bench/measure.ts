/**
 * Interleaved measurement: every case is measured once per round with mitata, the order rotating
 * between rounds, so drift (thermal, GC, JIT, neighbours) hits all cases alike. The result per
 * case is the median over rounds of mitata's per-round median (ns per call).
 */
import { measure } from 'mitata';

export interface Case {
  readonly name: string;
  /**
   * `calls` calls in a plain loop (mitata's own per-call loop adds ~50 ns of iterator overhead,
   * more than the difference being measured). Each call's result must be consumed
   * (`do_not_optimize(await call())`) or the JIT may drop the work.
   */
  readonly fn: () => Promise<void>;
  /** How many calls one `fn()` makes. */
  readonly calls: number;
}

export interface MeasureOptions {
  readonly rounds?: number;
  /** CPU time per case and round, in ms. */
  readonly cpuTimeMs?: number;
}

/** ns per call of each case, by name. */
export async function interleaved(
  cases: readonly Case[],
  { rounds = 5, cpuTimeMs = 150 }: MeasureOptions = {},
): Promise<Map<string, number>> {
  const perRound = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[(i + round) % cases.length] as Case;
      const stats = await measure(c.fn, { min_cpu_time: cpuTimeMs * 1e6, min_samples: 8 });
      perRound.get(c.name)?.push(stats.p50 / c.calls);
    }
  }
  return new Map([...perRound].map(([name, values]) => [name, median(values)]));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The value at quantile `q` ∈ [0, 1] of `values`. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
