import { Metadata } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { readHeader, readHeaderValue } from '../../../src/classify/classifiers/headers.js';
import { hostileInputs, throwingProxy } from './fixtures.js';

describe(readHeader.name, () => {
  const grpcMetadata = new Metadata();
  grpcMetadata.set('Retry-After', '5');
  grpcMetadata.add('retry-after', '9');

  it.each([
    ['a plain object, same case', { 'retry-after': '5' }],
    ['a plain object, other case', { 'RETRY-AFTER': '5' }],
    ['a plain object with a list of values', { 'Retry-After': ['5', '9'] }],
    ['a plain object with a number', { 'retry-after': 5 }],
    ['a fetch Headers', new Headers({ 'Retry-After': '5' })],
    ['a fetch Response’s headers', new Response(null, { headers: { 'retry-after': '5' } }).headers],
    ['a grpc-js Metadata', grpcMetadata],
    ['a Map in lower case', new Map([['retry-after', '5']])],
    ['a Map in the asked case', new Map([['Retry-After', '5']])],
    ['a list of entries', [['Retry-After', '5']]],
    ['a flat raw list (rawHeaders)', ['Host', 'x', 'Retry-After', '5']],
    [
      'an object with get() returning undefined when absent',
      { get: (n: string) => ({ 'retry-after': '5' })[n] },
    ],
  ])('reads Retry-After from %s', (_name, headers) => {
    expect(readHeader(headers, 'Retry-After')).toBe('5');
  });

  it.each([
    ['an absent header', { other: '1' }],
    ['an empty Headers', new Headers()],
    ['a flat raw list without it', ['Host', 'x', 'Accept', '*/*']],
    ['a list of entries without it', [['Host', 'x'], 'junk']],
    [
      'a value list that throws',
      {
        'retry-after': new Proxy(['5'], {
          get: () => {
            throw new Error('no');
          },
        }),
      },
    ],
    ['an empty Metadata (get returns [])', new Metadata()],
    ['a null value', { 'retry-after': null }],
    ['an object value', { 'retry-after': { toString: () => '5' } }],
    ['a NaN value', { 'retry-after': Number.NaN }],
    ['a Buffer value', { 'retry-after': Buffer.from('5') }],
    [
      'a throwing get()',
      {
        get: () => {
          throw new Error('no');
        },
      },
    ],
    ['a Proxy throwing on ownKeys', throwingProxy()],
    [
      'a throwing getter',
      Object.defineProperty({}, 'retry-after', {
        enumerable: true,
        get: () => {
          throw new Error('no');
        },
      }),
    ],
    [
      'an array with a throwing index',
      new Proxy(['retry-after', '5'], {
        get: () => {
          throw new Error('no');
        },
      }),
    ],
    ...hostileInputs.map(([name, make]) => [name, make()]),
  ] as [string, unknown][])('reads nothing from %s', (_name, headers) => {
    expect(readHeader(headers, 'retry-after')).toBeUndefined();
  });

  it('looks at a bounded number of keys', () => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) headers[`x-${i}`] = String(i);
    headers['retry-after'] = '5';
    expect(readHeader(headers, 'retry-after')).toBeUndefined();
  });
});

describe(readHeaderValue.name, () => {
  it('hands over a malformed value as it is', () => {
    const buffer = Buffer.from('250');
    expect(readHeaderValue({ 'grpc-retry-pushback-ms': buffer }, 'grpc-retry-pushback-ms')).toBe(
      buffer,
    );
  });

  it('takes the first value of a grpc-js Metadata list', () => {
    const md = new Metadata();
    md.add('grpc-retry-pushback-ms', '-1');
    md.add('grpc-retry-pushback-ms', '250');
    expect(readHeaderValue(md, 'grpc-retry-pushback-ms')).toBe('-1');
  });
});
