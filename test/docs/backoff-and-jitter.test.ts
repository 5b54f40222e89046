import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../examples/support/seeded-random.js';
import { jitterSvg, KINDS, sampleDelays } from '../../scripts/jitter-svg.js';
import { backoffDelay, type Jitter } from '../../src/index.js';

const page = readFileSync(new URL('../../docs/backoff-and-jitter.md', import.meta.url), 'utf8');
const DEFAULTS = { initialDelayMs: 1000, maxDelayMs: 30_000, multiplier: 2 };

/** The rows of the worked table, as numbers. */
function workedTable(): number[][] {
  const block = /<!-- worked-table: random = 0\.5 -->\n([\s\S]*?)<!-- \/worked-table -->/.exec(
    page,
  )?.[1];
  if (block === undefined) throw new Error('worked table not found');
  return block
    .split('\n')
    .filter((line) => /^\|\s*\d/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => Number(cell.trim())),
    );
}

describe('docs/backoff-and-jitter.md', () => {
  const half = () => 0.5;
  const rows = workedTable();

  it('has a worked table for attempts 1 to 7', () => {
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it.each(rows.map((row) => ({ n: row[0] ?? 0, row })))(
    'row $n of the worked table is what backoffDelay computes',
    ({ n, row: [, d, none, full, equal, ratio, prev, decorrelated] }) => {
      const at = (jitter: Jitter, previous?: number) =>
        backoffDelay(n, { ...DEFAULTS, jitter }, half, previous);
      expect(d).toBe(Math.min(30_000, 1000 * 2 ** (n - 1)));
      expect([none, full, equal, ratio]).toEqual([
        at('none'),
        at('full'),
        at('equal'),
        at({ ratio: 0.2 }),
      ]);
      expect(decorrelated).toBe(at('decorrelated', prev));
    },
  );

  it('chains the decorrelated column: each prev is the delay of the row before', () => {
    rows.slice(1).forEach((row, i) => {
      expect(row[6]).toBe(rows[i]?.[7]);
    });
    expect(rows[0]?.[6]).toBe(DEFAULTS.initialDelayMs);
  });

  it('shows the SVG that scripts/plot-jitter.ts writes, up to date', () => {
    expect(page).toContain('](./jitter-spread.svg)');
    const svg = readFileSync(new URL('../../docs/jitter-spread.svg', import.meta.url), 'utf8');
    expect(svg).toBe(jitterSvg());
  });
});

describe('scripts/jitter-svg', () => {
  it('draws from a seeded PRNG: the same seed, the same draws, all in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(draws.every((r) => r >= 0 && r < 1)).toBe(true);
  });

  it.each(KINDS.map((k) => [JSON.stringify(k), k] as const))(
    'samples %s delays within [0, maxDelayMs] for every attempt',
    (_, kind) => {
      for (const draws of sampleDelays(kind, seededRandom(1))) {
        expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...draws)).toBeLessThanOrEqual(30_000);
      }
    },
  );
});
