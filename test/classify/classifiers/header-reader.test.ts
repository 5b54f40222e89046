import { describe, expect, it } from 'vitest';
import { headerReader, readHeaderValue } from '../../../src/classify/classifiers/headers.js';
import { hostileInputs, throwingProxy } from './fixtures.js';

const NAMES = ['retry-after-ms', 'X-Ms-Retry-After-Ms', 'Retry-After', 'x-ms-error-code', 'absent'];

describe(headerReader.name, () => {
  it.each<[string, unknown]>([
    ['a plain object', { 'Retry-After': '5', 'x-ms-error-code': 'ServerBusy', other: null }],
    ['a plain object with both cases (first key wins)', { 'RETRY-AFTER': '1', 'retry-after': '2' }],
    ['a plain object with null values', { 'retry-after': null }],
    ['a fetch Headers', new Headers({ 'Retry-After': '5', 'retry-after-ms': '250' })],
    ['a Map', new Map([['retry-after', '5']])],
    ['a list of entries', [['Retry-After', '5']]],
    ['a flat raw list', ['Retry-After', '5', 'x-ms-error-code', 'ServerBusy']],
    ['a throwing Proxy', throwingProxy()],
    ...hostileInputs.map(([name, make]): [string, unknown] => [name, make()]),
  ])('reads from %s what readHeaderValue reads, name by name', (_name, headers) => {
    const read = headerReader(headers);
    for (const name of NAMES) expect(read(name)).toEqual(readHeaderValue(headers, name));
  });

  it('lists a plain object’s keys once for all the names it reads', () => {
    let listed = 0;
    const headers = new Proxy(
      { 'retry-after': '5' },
      {
        ownKeys(target) {
          listed++;
          return Reflect.ownKeys(target);
        },
      },
    );
    const read = headerReader(headers);
    for (const name of NAMES) read(name);
    expect(read('Retry-After')).toBe('5');
    expect(listed).toBe(1);
  });
});
