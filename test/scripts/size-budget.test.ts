/** The rules of the size budget (scripts/size-budget.ts) and the committed size-budget.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Budget,
  budgetsOf,
  entrySource,
  missingSubpaths,
  overBudget,
  statement,
} from '../../scripts/size-budget.js';

const root = join(import.meta.dirname, '..', '..');
const read = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));
const retryer: Budget = { import: '{ Retryer }', from: 'retrywise', limitBytes: 8000 };

describe('budgetsOf', () => {
  it('reads the committed size-budget.json', () => {
    const budgets = budgetsOf(read('size-budget.json'));
    expect(budgets.map(statement)).toContain("import { backoffDelay } from 'retrywise'");
  });

  it.each([
    [null, /"budgets" must be a non-empty array/],
    [{ budgets: [] }, /"budgets" must be a non-empty array/],
    [
      { budgets: [{ import: 'Retryer', from: 'retrywise', limitBytes: 1 }] },
      /budgets\[0\]: "import"/,
    ],
    [{ budgets: [{ import: '{ Retryer }', from: '', limitBytes: 1 }] }, /budgets\[0\]: "from"/],
    [
      { budgets: [{ ...retryer }, { ...retryer, limitBytes: 1.5 }] },
      /budgets\[1\]: "limitBytes".*1\.5/,
    ],
    [{ budgets: [{ ...retryer, limitBytes: '8000' }] }, /budgets\[0\]: "limitBytes"/],
  ])('rejects %j, naming the entry', (file, message) => {
    expect(() => budgetsOf(file)).toThrow(message);
  });
});

describe('overBudget', () => {
  it('passes at the limit and fails one byte above it, saying by how much', () => {
    expect(overBudget(retryer, 8000)).toBeUndefined();
    expect(overBudget(retryer, 8001)).toMatch(
      /^import \{ Retryer \} from 'retrywise': 8001 B > 8000 B \(\+1 B\)/,
    );
  });
});

describe('entrySource', () => {
  it('re-exports exactly the import, so the bundle keeps it and nothing else', () => {
    expect(entrySource(retryer)).toBe('export { Retryer } from "retrywise";');
    expect(entrySource({ ...retryer, import: '*' }, '/x/src/index.ts')).toBe(
      'export * from "/x/src/index.ts";',
    );
  });
});

describe('missingSubpaths', () => {
  it('names every subpath of exports that no budget measures', () => {
    const keys = ['.', './grpc', './testing', './package.json'];
    expect(missingSubpaths('retrywise', keys, [retryer])).toEqual([
      'retrywise/grpc',
      'retrywise/testing',
    ]);
  });

  it('finds none in the committed files: every entry point has a budget', () => {
    const { name, exports } = read('package.json') as { name: string; exports: object };
    const budgets = budgetsOf(read('size-budget.json'));
    expect(missingSubpaths(name, Object.keys(exports), budgets)).toEqual([]);
  });
});
