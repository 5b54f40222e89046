import { describe, expect, it } from 'vitest';
import { scenario } from '../examples/reconcile-loop.js';

/** 30 s, 60 s, 120 s and 240 s between the five attempts of the field notes. */
const SCHEDULED_MS = 30_000 + 60_000 + 120_000 + 240_000;

describe('Retryer.next in a reconciler whose status writes retrigger it', () => {
  it('keeps the backoff: five attempts span at least the scheduled total in virtual time', async () => {
    const { fileAttemptsAt, phase, skipped } = await scenario(true);
    expect(fileAttemptsAt).toHaveLength(5);
    const gaps = fileAttemptsAt.slice(1).map((at, i) => at - (fileAttemptsAt[i] as number));
    expect(gaps).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(
      (fileAttemptsAt.at(-1) as number) - (fileAttemptsAt[0] as number),
    ).toBeGreaterThanOrEqual(SCHEDULED_MS);
    expect(skipped).toBeGreaterThan(0);
    expect(phase).toBe('Failed');
  });

  it('reproduces the bug without the state: all five attempts in the same instant', async () => {
    const { fileAttemptsAt, phase } = await scenario(false);
    expect(fileAttemptsAt).toEqual([0, 0, 0, 0, 0]);
    expect(phase).toBe('Failed');
  });
});
