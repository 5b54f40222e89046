import { describe, expect, it } from 'vitest';
import { withDelay } from '../../../src/classify/classifiers/with-delay.js';
import type { Verdict } from '../../../src/classify/verdict.js';

describe(withDelay.name, () => {
  it.each<[string, Verdict]>([
    ['a plain verdict', { retryable: true, reason: 'http 503' }],
    ['a throttled verdict', { retryable: true, reason: 'http 429', throttled: true }],
    ['a fatal verdict', { retryable: false, reason: 'grpc INTERNAL' }],
  ])('gives %s exactly what a spread would, keys in the same order', (_name, verdict) => {
    const spread = { ...verdict, delayMs: 1500 };
    const written = withDelay(verdict, 1500);
    expect(written).toStrictEqual(spread);
    expect(Object.keys(written)).toEqual(Object.keys(spread));
  });
});
