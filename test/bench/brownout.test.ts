import { describe, expect, it } from 'vitest';
import {
  BROWNOUT_MODEL,
  BROWNOUT_STRATEGIES,
  type BrownoutResult,
  brownoutRun,
} from '../../bench/herd/brownout.js';

/**
 * The full model: the throttle strategies run it in a fraction of a second. (At a fifth of the
 * size, the server's own noise is relatively larger and the throttle fares worse: see
 * docs/fleet.md.) The slow refill budget is left to `npm run bench:herd`.
 */
const SMALL = BROWNOUT_MODEL;

function strategy(name: string) {
  const found = BROWNOUT_STRATEGIES.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no strategy ${name}`);
  return found;
}

describe('brownout model (deterministic: seeded PRNG, virtual time, the real Retryer)', () => {
  it('the adaptive throttle keeps the server near its capacity and the goodput at it', async () => {
    const none = await brownoutRun(strategy('no budget'), SMALL);
    const a6 = await brownoutRun(strategy('A6 budget'), SMALL);
    const adaptive = await brownoutRun(strategy('adaptive throttle'), SMALL);
    // Without a throttle, first attempts and retries pile up: budgets cap only the retries.
    expect(none.meanLoadRatio).toBeGreaterThan(5);
    expect(a6.meanLoadRatio).toBeGreaterThan(2.4);
    expect(adaptive.meanLoadRatio).toBeLessThan(1.15); // 1.104: the target (1.1) is just missed
    expect(adaptive.goodputRatio).toBeGreaterThanOrEqual(0.95);
    expect(adaptive.rejectedLocally).toBeGreaterThan(0);
    // Give-ups stay near what the capacity forces.
    expect(adaptive.giveUps).toBeLessThan(adaptive.forcedGiveUps * 1.15);
    expect(adaptive.recoveryMs).toBeLessThanOrEqual(5000);
  });

  it("the SRE book's 2-minute window never acts within a 30 s brownout, and never forgets it", async () => {
    const book = await brownoutRun(strategy('SRE book (k 2, 2 min)'), SMALL);
    expect(book.peakLoadRatio).toBeGreaterThan(3);
    expect(book.recoveryMs).toBeUndefined();
  });

  it('rejects nothing locally on a healthy service', async () => {
    const healthy = { ...SMALL, brownoutCapacityPerSecond: SMALL.capacityPerSecond };
    for (const name of ['adaptive throttle', 'adaptive + refill']) {
      const r: BrownoutResult = await brownoutRun(strategy(name), healthy);
      expect(r.rejectedLocally).toBe(0);
      expect(r.giveUps).toBe(0);
    }
  });

  it('gives the same numbers for the same seed', async () => {
    const a = await brownoutRun(strategy('adaptive + refill'), SMALL);
    const b = await brownoutRun(strategy('adaptive + refill'), SMALL);
    expect(a).toEqual(b);
  });
});
