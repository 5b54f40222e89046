/**
 * The default chain shares work: `classify()` walks an error's cause chain once for all four
 * classifiers, and the network classifier rejects most messages with one pre-check. Neither may
 * change a verdict, nor keep an error alive after `classify()` returns.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultClassifiers } from '../../../src/classify/classifiers/default.js';
import { networkClassifier } from '../../../src/classify/classifiers/network.js';
import { NETWORK_MESSAGE_PATTERNS } from '../../../src/classify/classifiers/network-codes.js';
import { classify } from '../../../src/classify/classify.js';
import { causeChain } from '../../../src/classify/inspect.js';
import { ctx } from './fixtures.js';

const policy = { classifiers: defaultClassifiers(), unknownErrors: 'fail' as const };

/** An error whose `cause` getter counts its reads and answers `cause`. */
function counted(cause: unknown): { error: Error; reads: () => number } {
  let reads = 0;
  const error = new Error('outer');
  Object.defineProperty(error, 'cause', {
    get() {
      reads++;
      return cause;
    },
  });
  return { error, reads: () => reads };
}

describe('the shared cause walk', () => {
  it('reads the causes once per classify() for the whole default chain', () => {
    const { error, reads } = counted(new Error('inner'));
    expect(classify(error, policy, ctx)).toEqual({
      retryable: false,
      reason: 'unclassified error',
    });
    // The marker walk reads `cause` on its own; the four classifiers share one walk.
    const markerReads = 1;
    expect(reads()).toBe(markerReads + 1);
  });

  it('caches nothing outside classify(): standalone classifiers walk afresh each call', () => {
    const { error, reads } = counted(undefined);
    causeChain(error);
    causeChain(error);
    classify(error, policy, ctx);
    const afterClassify = reads();
    causeChain(error);
    expect(reads()).toBe(afterClassify + 1);
  });

  it('gives the same verdicts as the classifiers called one by one', () => {
    const chain = defaultClassifiers();
    const errors = fc.oneof(
      fc.anything(),
      fc.record(
        {
          code: fc.oneof(fc.constantFrom(14, 'ECONNRESET', 'ServerBusy'), fc.anything()),
          details: fc.string(),
          status: fc.oneof(fc.constantFrom(429, 503, 404), fc.anything()),
          message: fc.string(),
          cause: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(errors, (error) => {
        const expected = chain.map((c) => c(error, ctx)).find((v) => v !== undefined);
        const actual = classify(error, policy, ctx);
        if (expected === undefined) expect(actual.reason).toBe('unclassified error');
        else expect(actual).toMatchObject(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the network pre-check', () => {
  const network = networkClassifier();
  const patternMatch = (message: string) =>
    NETWORK_MESSAGE_PATTERNS.find(({ pattern }) => pattern.test(message.trim()))?.label;

  it.each([
    ['CONNECTION REFUSED', 'network connection refused'],
    ['Socket Hang Up', 'network socket hang up'],
    ['read tcp 10.0.0.1:443: EOF', 'network EOF'],
    ['connect ECONNREFUSED 10.0.0.7:443', 'network ECONNREFUSED in message'],
    ['FETCH FAILED', 'network fetch failed'],
  ])('still lets %j through', (message, reason) => {
    expect(network(new Error(message), ctx)).toEqual({ retryable: true, reason });
  });

  it.each([['read tcp: eof'], ['connect econnrefused 10.0.0.7'], ['503']])(
    'still rejects %j (case-sensitive patterns stay case-sensitive)',
    (message) => {
      expect(network(new Error(message), ctx)).toBeUndefined();
    },
  );

  it('agrees with the patterns one by one on any text built from their words', () => {
    const words = fc.constantFrom(
      'connection',
      'refused',
      'reset',
      'timed out',
      'network',
      'unreachable',
      'no such host',
      'tls handshake',
      'timeout',
      'i/o',
      'broken pipe',
      'EOF',
      'eof',
      'unexpected',
      'socket',
      'hang up',
      ':',
      ' ',
      'read',
      'Connection',
      'ECONNRESET',
      'x',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 6 }), (parts) => {
        const message = parts.join(' ');
        const label = patternMatch(message);
        const verdict = network(new Error(message), ctx);
        if (label !== undefined) expect(verdict?.reason).toBe(`network ${label}`);
      }),
      { numRuns: 1000 },
    );
  });
});
