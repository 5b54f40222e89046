import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BackoffOptions, backoffDelay, type Jitter, Retryer } from '../../src/index.js';
import { fixed } from '../support/helpers.js';

const base = { initialDelayMs: 100, maxDelayMs: 10_000, multiplier: 2 } as const;

/** What `body` throws. */
function thrown(body: () => unknown): unknown {
  try {
    body();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

/** Bad values of every option backoffDelay reads, as `new Retryer` would be given them. */
const badOptions: [string, Record<string, unknown>][] = [
  ["jitter 'bogus'", { jitter: 'bogus' }],
  ['jitter 5', { jitter: 5 }],
  ['jitter { ratio: 2 }', { jitter: { ratio: 2 } }],
  ["jitter { ratio: '0.5' }", { jitter: { ratio: '0.5' } }],
  ['initialDelayMs −1', { initialDelayMs: -1 }],
  ['initialDelayMs NaN', { initialDelayMs: Number.NaN }],
  ["initialDelayMs '100'", { initialDelayMs: '100' }],
  ['maxDelayMs Infinity', { maxDelayMs: Number.POSITIVE_INFINITY }],
  ['maxDelayMs −5', { maxDelayMs: -5 }],
  ['multiplier 0.5', { multiplier: 0.5 }],
  ['multiplier NaN', { multiplier: Number.NaN }],
  ['multiplier null', { multiplier: null }],
];

describe(backoffDelay.name, () => {
  it.each(badOptions)('throws for %s exactly what new Retryer throws', (_, options) => {
    const expected = thrown(() => new Retryer(options));
    const error = thrown(() => backoffDelay(2, options as BackoffOptions));
    expect(error).toBeInstanceOf((expected as Error).constructor);
    expect((error as Error).message).toBe((expected as Error).message);
  });

  it("names the value: backoffDelay(2, { jitter: 'bogus' }) is a RangeError, not 0", () => {
    expect(() => backoffDelay(2, { jitter: 'bogus' as Jitter })).toThrow(
      new RangeError(`jitter must be one of 'none', 'full', 'equal', 'decorrelated', got "bogus"`),
    );
  });

  it.each<[string, () => number]>([
    ['attempt 0', () => backoffDelay(0)],
    ['attempt 1.5', () => backoffDelay(1.5)],
    ['attempt NaN', () => backoffDelay(Number.NaN)],
    ['previousDelayMs −1', () => backoffDelay(2, { jitter: 'decorrelated' }, Math.random, -1)],
    ['previousDelayMs NaN', () => backoffDelay(2, {}, Math.random, Number.NaN)],
  ])('throws a RangeError naming the argument for %s', (label, call) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(label.split(' ')[0] as string);
  });

  it.each<[string, () => number]>([
    ["attempt '2'", () => backoffDelay('2' as unknown as number)],
    ['options null', () => backoffDelay(2, null as unknown as BackoffOptions)],
    ['options 5', () => backoffDelay(2, 5 as unknown as BackoffOptions)],
    ["random 'x'", () => backoffDelay(2, {}, 'x' as unknown as () => number)],
  ])('throws a TypeError naming the argument for %s', (label, call) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(label.split(' ')[0] as string);
  });

  it('accepts the options of a Retryer as they are, ignoring the names it does not read', () => {
    const options = { maxAttempts: 5, initialDelayMs: 100, jitter: 'none', onRetry() {} } as const;
    expect(backoffDelay(3, options)).toBe(400);
  });

  it('uses the defaults of design.md: 1000 ms, ×2, capped at 30 s, full jitter', () => {
    expect(backoffDelay(1, {}, fixed(0.5))).toBe(500);
    expect(backoffDelay(3, {}, fixed(0.5))).toBe(2000);
    expect(backoffDelay(20, {}, fixed(0.999))).toBeCloseTo(29_970);
    expect(backoffDelay(3, { jitter: 'none' })).toBe(4000);
  });

  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [7, 6400],
    [8, 10_000],
    [60, 10_000],
  ])(
    'without jitter waits initialDelayMs · multiplier^(n−1), capped: attempt %i → %i ms',
    (n, ms) => {
      expect(backoffDelay(n, { ...base, jitter: 'none' })).toBe(ms);
    },
  );

  it.each<[Jitter, number, number, number]>([
    ['full', 3, 0.25, 100],
    ['full', 3, 0, 0],
    ['equal', 3, 0, 200],
    ['equal', 3, 0.5, 300],
    [{ ratio: 0.5 }, 3, 0, 200],
    [{ ratio: 0.5 }, 3, 0.5, 400],
    [{ ratio: 0.5 }, 3, 0.75, 500],
    [{ ratio: 0 }, 3, 0.9, 400],
    [{ ratio: 1 }, 8, 0.75, 10_000],
  ])('jitter %j at attempt %i with r = %f waits %f ms', (jitter, n, r, ms) => {
    expect(backoffDelay(n, { ...base, jitter }, fixed(r))).toBe(ms);
  });

  it('decorrelated: initialDelayMs + r·(3·previous − initialDelayMs), capped; previous defaults to initialDelayMs', () => {
    const opts = { ...base, jitter: 'decorrelated' } as const;
    expect(backoffDelay(1, opts, fixed(0.5))).toBe(100 + 0.5 * (300 - 100));
    expect(backoffDelay(5, opts, fixed(0.5), 1000)).toBe(100 + 0.5 * (3000 - 100));
    expect(backoffDelay(5, opts, fixed(0.9), 9000)).toBe(10_000);
    expect(backoffDelay(5, opts, fixed(0), 9000)).toBe(100);
  });

  it('stays 0 with initialDelayMs 0, even once multiplier^(n−1) overflows to Infinity', () => {
    for (const jitter of ['none', 'full', 'equal', { ratio: 0.5 }] as Jitter[]) {
      expect(backoffDelay(2000, { initialDelayMs: 0, multiplier: 2, jitter }, fixed(0.5))).toBe(0);
    }
  });

  it.each([
    ['NaN', Number.NaN],
    ['−1', -1],
    ['1', 1],
    ['7', 7],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('stays within [0, maxDelayMs] when random() returns %s', (_, r) => {
    for (const jitter of ['none', 'full', 'equal', 'decorrelated', { ratio: 1 }] as Jitter[]) {
      const ms = backoffDelay(4, { ...base, jitter }, () => r, 5000);
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(base.maxDelayMs);
    }
  });

  const jitterArb: fc.Arbitrary<Jitter> = fc.oneof(
    fc.constantFrom<Jitter>('none', 'full', 'equal', 'decorrelated'),
    fc.double({ min: 0, max: 1, noNaN: true }).map((ratio) => ({ ratio })),
  );
  const optionsArb: fc.Arbitrary<Required<BackoffOptions>> = fc.record({
    initialDelayMs: fc.double({ min: 0, max: 1e9, noNaN: true }),
    maxDelayMs: fc.double({ min: 0, max: 1e12, noNaN: true }),
    multiplier: fc.double({ min: 1, max: 1e6, noNaN: true }),
    jitter: jitterArb,
  });
  const unitArb = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

  it('property: every delay is finite and within [0, maxDelayMs], for any valid options', () => {
    fc.assert(
      fc.property(
        optionsArb,
        fc.integer({ min: 1, max: 5000 }),
        unitArb,
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        (options, attempt, r, previous) => {
          const ms = backoffDelay(attempt, options, () => r, previous);
          return Number.isFinite(ms) && ms >= 0 && ms <= options.maxDelayMs;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('property: without jitter the schedule never shrinks and reaches the cap', () => {
    fc.assert(
      fc.property(optionsArb, fc.integer({ min: 1, max: 200 }), (options, attempt) => {
        const o = { ...options, jitter: 'none' as const };
        const a = backoffDelay(attempt, o);
        const b = backoffDelay(attempt + 1, o);
        return b >= a && backoffDelay(5000, o) <= o.maxDelayMs;
      }),
    );
  });

  it('property: full jitter is r · d and equal jitter is d/2 + r · d/2 exactly', () => {
    fc.assert(
      fc.property(optionsArb, fc.integer({ min: 1, max: 60 }), unitArb, (options, n, r) => {
        const grown = options.initialDelayMs * options.multiplier ** (n - 1);
        const d = Number.isNaN(grown) ? 0 : Math.min(options.maxDelayMs, grown); // 0 · ∞ is 0 ms
        const full = backoffDelay(n, { ...options, jitter: 'full' }, () => r);
        const equal = backoffDelay(n, { ...options, jitter: 'equal' }, () => r);
        expect(full).toBe(Math.min(options.maxDelayMs, Math.max(0, r * d)));
        expect(equal).toBe(Math.min(options.maxDelayMs, Math.max(0, d / 2 + (r * d) / 2)));
      }),
      { numRuns: 1000 },
    );
  });

  it('property: a run of decorrelated delays stays within [min(initial, max), maxDelayMs]', () => {
    fc.assert(
      fc.property(optionsArb, fc.array(unitArb, { minLength: 1, maxLength: 50 }), (options, rs) => {
        const o = { ...options, jitter: 'decorrelated' as const };
        let previous: number | undefined;
        for (const [i, r] of rs.entries()) {
          const ms = backoffDelay(i + 1, o, () => r, previous);
          expect(ms).toBeLessThanOrEqual(o.maxDelayMs);
          expect(ms).toBeGreaterThanOrEqual(Math.min(o.initialDelayMs, o.maxDelayMs));
          previous = ms;
        }
      }),
    );
  });
});
