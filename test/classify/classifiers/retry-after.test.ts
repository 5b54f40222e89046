import { describe, expect, it } from 'vitest';
import {
  errorHintMs,
  MS_HINT_HEADERS,
  parseHttpDate,
  parseRetryAfter,
  retryAfterMs,
} from '../../../src/classify/classifiers/retry-after.js';
import { metadata, throwingProxy } from './fixtures.js';

const now = Date.UTC(2026, 10, 25, 12, 0, 0); // Wed, 25 Nov 2026 12:00:00 GMT

describe(parseHttpDate.name, () => {
  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
    ['RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['asctime', 'Sun Nov  6 08:49:37 1994'],
    ['lower case', 'sun, 06 nov 1994 08:49:37 gmt'],
    ['no weekday', '06 Nov 1994 08:49:37 GMT'],
    ['UTC for GMT', 'Sun, 06 Nov 1994 08:49:37 UTC'],
    ['surrounding spaces', '  Sun, 06 Nov 1994 08:49:37 GMT '],
  ])('reads the %s form', (_name, text) => {
    expect(parseHttpDate(text)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });

  it('reads a two-digit year below 70 as 20xx', () => {
    expect(parseHttpDate('Friday, 01-Jan-27 00:00:00 GMT')).toBe(Date.UTC(2027, 0, 1));
  });

  it.each([
    '',
    '1',
    '2026',
    'tomorrow',
    'Sun, 31 Feb 2026 08:49:37 GMT',
    'Sun, 06 Foo 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 25:49:37 GMT',
    'Sun, 06 Nov 1994 08:61:37 GMT',
    'Sun, 00 Nov 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 08:49:37 +0100',
    'Sun, 06 Nov 1994 08:49 GMT',
    '2026-11-25T12:00:05Z',
    'Sun, 06 Nov 1994 08:49:37 GMT; x',
  ])('ignores %j', (text) => {
    expect(parseHttpDate(text)).toBeUndefined();
  });
});

describe(parseRetryAfter.name, () => {
  it.each([
    ['0', 0],
    ['3', 3000],
    [' 120 ', 120_000],
    ['1.5', 1500],
    ['Wed, 25 Nov 2026 12:00:05 GMT', 5000],
    ['Wed, 25 Nov 2026 11:59:00 GMT', 0],
    ['99999999999999999999', Number.MAX_SAFE_INTEGER],
  ])('reads %j as %i ms', (text, ms) => {
    expect(parseRetryAfter(text, now)).toBe(ms);
  });

  it.each([
    '',
    ' ',
    '-1',
    '+3',
    '3s',
    '1e3',
    '0x10',
    'NaN',
    'Infinity',
    '1,5',
    '3 3',
    'soon',
    '1.',
    '.5',
    '123456789012345678901',
    '<script>',
  ])('ignores %j', (text) => {
    const ms = parseRetryAfter(text, now);
    expect(ms).toBeUndefined();
  });

  it('ignores an HTTP-date when the clock is not a number', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:05 GMT', Number.NaN)).toBeUndefined();
  });
});

describe(retryAfterMs.name, () => {
  it.each(MS_HINT_HEADERS.map((name) => [name]))('reads %s in ms', (name) => {
    expect(retryAfterMs({ [name]: '1500' }, now)).toBe(1500);
    expect(retryAfterMs({ [name.toUpperCase()]: '2.5' }, now)).toBe(2.5);
  });

  it.each([
    ['a plain object', { 'Retry-After': '2' }],
    ['a fetch Headers', new Headers({ 'Retry-After': '2' })],
    [
      'a real fetch Response’s headers',
      new Response(null, { status: 429, headers: { 'retry-after': '2' } }).headers,
    ],
    ['a grpc-js Metadata', metadata({ 'retry-after': '2' })],
    ['an HTTP-date', { 'retry-after': 'Wed, 25 Nov 2026 12:00:02 GMT' }],
  ])('reads Retry-After from %s', (_name, headers) => {
    expect(retryAfterMs(headers, now)).toBe(2000);
  });

  it('prefers the millisecond headers to Retry-After', () => {
    const headers = { 'retry-after': '9', 'x-ms-retry-after-ms': '250', 'retry-after-ms': '100' };
    expect(retryAfterMs(headers, now)).toBe(100);
  });

  it('skips a garbage millisecond header for the next one', () => {
    expect(retryAfterMs({ 'retry-after-ms': 'NaN', 'retry-after': '1' }, now)).toBe(1000);
    expect(retryAfterMs({ 'x-amz-retry-after': '-5', 'x-ms-retry-after-ms': '7' }, now)).toBe(7);
  });

  it.each([
    ['no headers', undefined],
    ['null', null],
    ['an empty object', {}],
    [
      'garbage everywhere',
      { 'retry-after': 'soon', 'retry-after-ms': '-1', 'x-amz-retry-after': 'x' },
    ],
    ['a throwing Proxy', throwingProxy()],
    ['a string', 'retry-after: 5'],
  ])('gives no hint for %s', (_name, headers) => {
    expect(retryAfterMs(headers, now)).toBeUndefined();
  });

  it('never gives NaN, an infinity or a negative number (fuzzed)', () => {
    const samples = [
      '',
      '-0',
      '0',
      '1e400',
      '9'.repeat(400),
      '½',
      '٣',
      '1_000',
      '\u00a05',
      'Mon, 99 Nov 2026 12:00:00 GMT',
    ];
    for (const value of samples) {
      for (const name of [...MS_HINT_HEADERS, 'retry-after']) {
        const ms = retryAfterMs({ [name]: value }, now);
        if (ms !== undefined) {
          expect(Number.isFinite(ms)).toBe(true);
          expect(ms).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });
});

describe(errorHintMs.name, () => {
  it.each([
    [
      'a thrown fetch Response',
      new Response(null, { status: 503, headers: { 'Retry-After': '4' } }),
    ],
    [
      'error.response (fetch Response)',
      { response: new Response(null, { status: 503, headers: { 'Retry-After': '4' } }) },
    ],
    [
      'error.$response (AWS SDK)',
      { $response: { statusCode: 503, headers: { 'x-amz-retry-after': '4000' } } },
    ],
    ['error.headers', { headers: { 'x-ms-retry-after-ms': '4000' } }],
  ])('reads the hint of %s', (_name, error) => {
    expect(errorHintMs(error, now)).toBe(4000);
  });
});
