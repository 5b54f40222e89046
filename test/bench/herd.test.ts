import { describe, expect, it } from 'vitest';
import { checkOccOrdering, occModel } from '../../bench/herd/occ.js';
import { OUTAGE_MODEL, type OutageResult, outageRun, STRATEGIES } from '../../bench/herd/outage.js';
import { BROOKER_N100 } from '../../bench/herd/tables.js';

/** The outage model at a fifth of the size: 200 clients in 2 processes, 40 calls/s. */
const SMALL = { ...OUTAGE_MODEL, clients: 200, processes: 2, capacityPerSecond: 40 };

async function small(): Promise<Record<string, OutageResult>> {
  const results: Record<string, OutageResult> = {};
  for (const strategy of STRATEGIES) results[strategy.name] = await outageRun(strategy, SMALL);
  return results;
}

describe('herd simulations (deterministic: seeded PRNG, virtual time, the real Retryer)', () => {
  it("reproduces Brooker's ordering and numbers at N = 100 within 15 %", async () => {
    const results = await occModel(['none', 'full', 'equal', 'decorrelated'], 100, 10);
    expect(checkOccOrdering(results)).toEqual([]);
    for (const r of results) {
      const published = BROOKER_N100[r.jitter as keyof typeof BROOKER_N100];
      expect(r.calls / published.calls).toBeGreaterThan(0.85);
      expect(r.calls / published.calls).toBeLessThan(1.15);
      expect(r.timeMs / published.timeMs).toBeGreaterThan(0.85);
      expect(r.timeMs / published.timeMs).toBeLessThan(1.15);
    }
  });

  it('outage model: the refill budget keeps its targets when calls take 100 ms', async () => {
    const strategy = STRATEGIES[3] as (typeof STRATEGIES)[number];
    const r = await outageRun(strategy, { ...SMALL, latencyMs: 100 });
    expect(r.amplification).toBeLessThanOrEqual(1.5);
    expect(r.giveUps).toBe(0);
    expect(r.lastSuccessMs).toBeLessThanOrEqual(10_000);
  });

  it('gives the same numbers for the same seed', async () => {
    const strategy = STRATEGIES[3] as (typeof STRATEGIES)[number];
    const a = await outageRun(strategy, SMALL);
    const b = await outageRun(strategy, SMALL);
    expect(a).toEqual(b);
  });

  it('outage model: the refill budget meets the targets where the others fail one of them', async () => {
    const r = await small();
    const none = r['no jitter'] as OutageResult;
    const full = r['full jitter'] as OutageResult;
    const a6 = r['A6 budget'] as OutageResult;
    const refill = r['refill budget'] as OutageResult;
    // Jitter alone serves everyone but multiplies load during the outage.
    expect(full.amplification).toBeGreaterThan(5);
    expect(none.amplification).toBeGreaterThan(5);
    expect(full.giveUps).toBe(0);
    // A6 caps load near 1.04x and every client gives up.
    expect(a6.amplification).toBeLessThan(1.1);
    expect(a6.giveUps).toBe(SMALL.clients);
    expect(a6.lastSuccessMs).toBeUndefined();
    // The new mode: amplification <= 1.5x, no give-ups, last success <= 10 s after recovery.
    expect(refill.amplification).toBeLessThanOrEqual(1.5);
    expect(refill.giveUps).toBe(0);
    expect(refill.lastSuccessMs).toBeLessThanOrEqual(10_000);
    // Orderings: load a6 < refill < jitter; recovery refill < full jitter < no jitter.
    expect(a6.amplification).toBeLessThan(refill.amplification);
    expect(refill.amplification).toBeLessThan(full.amplification);
    expect(refill.lastSuccessMs).toBeLessThan(full.lastSuccessMs as number);
    expect(full.lastSuccessMs).toBeLessThan(none.lastSuccessMs as number);
    expect(refill.peakPerSecond).toBeLessThan(full.peakPerSecond);
  });
});
