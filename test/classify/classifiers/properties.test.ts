import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloudThrottlingClassifier } from '../../../src/classify/classifiers/cloud.js';
import { grpcClassifier, parsePushback } from '../../../src/classify/classifiers/grpc.js';
import { httpClassifier } from '../../../src/classify/classifiers/http.js';
import { networkClassifier } from '../../../src/classify/classifiers/network.js';
import {
  MS_HINT_HEADERS,
  parseRetryAfter,
  retryAfterMs,
} from '../../../src/classify/classifiers/retry-after.js';
import type { Verdict } from '../../../src/classify/verdict.js';
import { ctx } from './fixtures.js';

const classifiers = [
  grpcClassifier(),
  cloudThrottlingClassifier(),
  httpClassifier(),
  networkClassifier(),
];

const isHint = (ms: unknown) =>
  ms === undefined || (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0);

function expectWellFormed(verdict: Verdict | undefined) {
  if (verdict === undefined) return;
  expect(typeof verdict.retryable).toBe('boolean');
  expect(typeof verdict.reason).toBe('string');
  expect(isHint(verdict.delayMs)).toBe(true);
}

/** Error-like objects built from the fields classifiers read, with arbitrary values. */
const errorLike = fc.record(
  {
    code: fc.oneof(
      fc.integer({ min: -2, max: 20 }),
      fc.constantFrom('ECONNRESET', 'ServerBusy', 'x'),
      fc.anything(),
    ),
    details: fc.oneof(fc.string(), fc.anything()),
    status: fc.oneof(fc.integer({ min: 0, max: 700 }), fc.anything()),
    name: fc.oneof(fc.constantFrom('ThrottlingException', 'TimeoutError', 'Error'), fc.string()),
    message: fc.string(),
    headers: fc.dictionary(
      fc.constantFrom(...MS_HINT_HEADERS, 'retry-after', 'x-ms-error-code'),
      fc.anything(),
    ),
    metadata: fc.dictionary(fc.constantFrom('grpc-retry-pushback-ms', 'x'), fc.anything()),
    errors: fc.array(fc.record({ reason: fc.anything() })),
    cause: fc.anything(),
  },
  { requiredKeys: [] },
);

describe('every classifier, on anything at all', () => {
  it('returns undefined or a well-formed verdict, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), errorLike), (error) => {
        for (const classify of classifiers) expectWellFormed(classify(error, ctx));
      }),
      { numRuns: 500 },
    );
  });

  it('walks a cause chain of 10 000 links in bounded time', () => {
    let error: unknown = Object.assign(new Error('bottom'), { code: 'ECONNRESET' });
    for (let i = 0; i < 10_000; i++) error = new Error(`level ${i}`, { cause: error });
    const started = performance.now();
    for (const classify of classifiers) expect(classify(error, ctx)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('hint parsers, on any string', () => {
  it('parseRetryAfter gives undefined or a finite, non-negative delay', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer(), (text, now) => isHint(parseRetryAfter(text, now))),
      {
        numRuns: 5000,
      },
    );
  });

  it('retryAfterMs gives undefined or a finite, non-negative delay', () => {
    const headers = fc.dictionary(fc.constantFrom(...MS_HINT_HEADERS, 'Retry-After'), fc.string());
    fc.assert(
      fc.property(headers, (h) => isHint(retryAfterMs(h, ctx.now))),
      { numRuns: 5000 },
    );
  });

  it('parsePushback gives undefined, "stop" or a non-negative integer delay', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), (value) => {
        const result = parsePushback(value);
        if (result === undefined || result === 'stop') return true;
        return Number.isSafeInteger(result.delayMs) && result.delayMs >= 0;
      }),
      { numRuns: 5000 },
    );
  });

  it('parsePushback reads every non-negative integer back exactly', () => {
    fc.assert(
      fc.property(fc.nat(), (n) => {
        const result = parsePushback(String(n));
        return result !== 'stop' && result?.delayMs === n;
      }),
    );
  });
});
