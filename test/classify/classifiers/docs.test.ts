import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as cloud from '../../../src/classify/classifiers/cloud-codes.js';
import { RETRYABLE_HTTP_STATUSES } from '../../../src/classify/classifiers/http-statuses.js';
import {
  NETWORK_ERROR_CODES,
  NETWORK_MESSAGE_PATTERNS,
} from '../../../src/classify/classifiers/network-codes.js';
import { MS_HINT_HEADERS } from '../../../src/classify/classifiers/retry-after.js';

const page = readFileSync(new URL('../../../docs/classifiers.md', import.meta.url), 'utf8');

// The tables in docs/classifiers.md must not drift from the tables in the code.
describe('docs/classifiers.md', () => {
  const entries: [string, string][] = [
    ...Object.entries(cloud).flatMap(([table, codes]) =>
      (codes as string[]).map((code) => [table, code] as [string, string]),
    ),
    ...NETWORK_ERROR_CODES.map((code): [string, string] => ['NETWORK_ERROR_CODES', code]),
    ...NETWORK_MESSAGE_PATTERNS.map(({ label }): [string, string] => [
      'NETWORK_MESSAGE_PATTERNS',
      label,
    ]),
    ...RETRYABLE_HTTP_STATUSES.map((status): [string, string] => [
      'RETRYABLE_HTTP_STATUSES',
      String(status),
    ]),
    ...MS_HINT_HEADERS.map((name): [string, string] => ['MS_HINT_HEADERS', `\`${name}\``]),
  ];

  it.each(entries)('lists %s entry %s', (_table, entry) => {
    expect(page).toContain(entry);
  });

  it.each([
    ['standard', ['UNAVAILABLE']],
    ['cosi', ['INTERNAL']],
    ['idempotent', ['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'ABORTED']],
  ])('describes preset %s with its codes', (preset, names) => {
    const row = page.split('\n').find((line) => line.startsWith(`| \`${preset}\``));
    expect(row).toBeDefined();
    for (const name of names) expect(row).toContain(name);
  });
});
