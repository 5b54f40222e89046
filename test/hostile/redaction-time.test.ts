/**
 * Redaction and classification take linear time, whatever the text: a 1 MB message of any shape
 * that makes a backtracking pattern go quadratic (long dotted, hyphenated, percent-encoded or
 * base64-ish runs, repeated key prefixes) is handled in well under 200 ms, and ten times the text
 * takes about ten times as long, not a hundred. The bounds are generous on purpose: they catch
 * catastrophic backtracking (minutes for a 1 MB message in 0.1.0), not a slow machine.
 */
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.js';
import { defaultClassifiers } from '../../src/index.js';
import { logText } from '../../src/observe/log-text.js';
import { redact } from '../../src/observe/redact.js';

const MB = 1_000_000;
const BOUND_MS = 200;

/** Texts of about `n` characters that each defeat some backtracking pattern. */
const SHAPES: [string, (n: number) => string][] = [
  ['= then a.a.a. (the review’s repro)', (n) => `=${'a.'.repeat(n / 2)}`],
  ['= then a-a-a-', (n) => `=${'a-'.repeat(n / 2)}`],
  ['a scheme-like run before =', (n) => `${'a+'.repeat(n / 2)}=`],
  ['a://a://… with no @', (n) => 'a://:'.repeat(n / 5)],
  ['user:pass@ pieces with no host', (n) => 'x://u:p/'.repeat(n / 8)],
  ['one key character run', (n) => 'a'.repeat(n)],
  ['a key run then a lone colon', (n) => `${'k'.repeat(n)}:`],
  ['percent-encoded runs', (n) => `%3Fsig%3D${'%41'.repeat(n / 3)}`],
  ['double-encoded keys', (n) => '%253Ftoken'.repeat(n / 10)],
  ['base64-ish text after token=', (n) => `token=${'QUJD+/=='.repeat(n / 8)}`],
  ['base64-ish text alone', (n) => 'QUJD+/==QUJD'.repeat(n / 12)],
  ['a JSON value that never closes', (n) => `{"password":"${'a\\"'.repeat(n / 3)}`],
  ['escaped backslashes in a JSON value', (n) => `{\\"token\\":\\"${'\\\\'.repeat(n / 2)}`],
  ['repeated key = pairs', (n) => 'password='.repeat(n / 9)],
  ['repeated JWT-like heads', (n) => 'eyJ-'.repeat(n / 4)],
  ['repeated JWT-like segments', (n) => 'eyJabcdefgh.'.repeat(n / 12)],
  ['repeated token prefixes', (n) => 'ghp_sk-xoxb-AKIA'.repeat(n / 16)],
  ['Basic followed by spaces', (n) => `Basic ${' '.repeat(n)}x`],
  ['repeated PEM headers', (n) => '-----BEGIN PRIVATE KEY-----'.repeat(n / 27)],
  ['repeated authorization words', (n) => 'authorization '.repeat(n / 14)],
  ['colons', (n) => ':'.repeat(n)],
  ['at signs', (n) => `a://b:${'@'.repeat(n)}`],
  ['newlines and control characters', (n) => '\n\r\t\u0000\u2028'.repeat(n / 5)],
];

/** The fastest of three runs of `fn`, in ms. */
function fastestMs(fn: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const policy = { classifiers: defaultClassifiers(), unknownErrors: 'fail' as const };
const ctx = { attempt: 1, now: 0 };

describe('redaction and classification of 1 MB messages', () => {
  it.each(SHAPES)('redact: %s in under 200 ms', (_, make) => {
    const text = make(MB);
    expect(fastestMs(() => redact(text))).toBeLessThan(BOUND_MS);
  });

  it.each(SHAPES)('the log line text: %s in under 200 ms', (_, make) => {
    const text = make(MB);
    expect(fastestMs(() => logText(text))).toBeLessThan(BOUND_MS);
  });

  it.each(SHAPES)('classification: %s as message, name and code in under 200 ms', (_, make) => {
    const text = make(MB);
    const error = Object.assign(new Error(text), { name: text, code: text, status: text });
    const wrapped = new TypeError('fetch failed', { cause: error });
    expect(fastestMs(() => classify(error, policy, ctx))).toBeLessThan(BOUND_MS);
    expect(fastestMs(() => classify(wrapped, policy, ctx))).toBeLessThan(BOUND_MS);
  });

  it.each(SHAPES)('redact: %s scales linearly (10x the text, not 100x the time)', (_, make) => {
    const small = make(MB / 10);
    const large = make(MB);
    // Both measured well above timer resolution: repeat the small one ten times.
    const smallMs = fastestMs(() => {
      for (let i = 0; i < 10; i++) redact(small);
    });
    const largeMs = fastestMs(() => redact(large));
    // Linear: about the same time (same work); quadratic: ten times as long. Generous for GC and
    // a busy machine; a few ms are noise, not a trend.
    expect(largeMs).toBeLessThan(Math.max(4 * smallMs, 5));
  });
});
