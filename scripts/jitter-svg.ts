/**
 * The picture in docs/backoff-and-jitter.md: how each jitter kind spreads the delay after failed
 * attempt n, drawn from `backoffDelay` itself with a seeded PRNG, so the SVG is reproducible
 * byte for byte (`scripts/plot-jitter.ts` writes it; a test checks it is up to date).
 */

import { seededRandom } from '../examples/support/seeded-random.js';
import { type BackoffOptions, backoffDelay, type Jitter } from '../src/index.js';

export const KINDS: readonly Jitter[] = ['none', 'full', 'equal', 'decorrelated', { ratio: 0.2 }];
export const ATTEMPTS = 8;
const DRAWS = 2000;
const DOTS = 40;
const DEFAULTS = { initialDelayMs: 1000, maxDelayMs: 30_000, multiplier: 2 } as const;

export function label(jitter: Jitter): string {
  return typeof jitter === 'string' ? `'${jitter}'` : `{ ratio: ${jitter.ratio} }`;
}

/**
 * `DRAWS` delay sequences for attempts 1…ATTEMPTS; `'decorrelated'` feeds each delay back as
 * the previous one, as a run does. Result: `delays[attempt - 1][draw]`.
 */
export function sampleDelays(jitter: Jitter, random: () => number): number[][] {
  const options: BackoffOptions = { ...DEFAULTS, jitter };
  const delays: number[][] = Array.from({ length: ATTEMPTS }, () => []);
  for (let draw = 0; draw < DRAWS; draw++) {
    let previous: number | undefined;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      previous = backoffDelay(attempt, options, random, previous);
      delays[attempt - 1]?.push(previous);
    }
  }
  return delays;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const W = 1000;
const H = 440;
const TOP = 84;
const BOTTOM = 380;
const PANEL = 184;
const LEFT = 70;
const f = (n: number): string => n.toFixed(1);
const y = (ms: number): number => BOTTOM - (ms / DEFAULTS.maxDelayMs) * (BOTTOM - TOP);

function panel(jitter: Jitter, index: number, random: () => number): string {
  const x0 = LEFT + index * PANEL;
  const x = (attempt: number): number => x0 + 12 + ((attempt - 0.5) / ATTEMPTS) * (PANEL - 24);
  const delays = sampleDelays(jitter, random);
  const out: string[] = [
    `<text x="${f(x0 + PANEL / 2)}" y="${TOP - 12}" class="title">${label(jitter)}</text>`,
    `<rect x="${f(x0 + 4)}" y="${TOP}" width="${PANEL - 8}" height="${BOTTOM - TOP}" class="frame"/>`,
  ];
  const capped = Array.from({ length: ATTEMPTS }, (_, i) =>
    Math.min(DEFAULTS.maxDelayMs, DEFAULTS.initialDelayMs * DEFAULTS.multiplier ** i),
  );
  out.push(
    `<polyline class="d" points="${capped.map((d, i) => `${f(x(i + 1))},${f(y(d))}`).join(' ')}"/>`,
  );
  delays.forEach((draws, i) => {
    const cx = x(i + 1);
    const sorted = [...draws].sort((a, b) => a - b);
    const [p5, p25, p50, p75, p95] = [0.05, 0.25, 0.5, 0.75, 0.95].map((q) => quantile(sorted, q));
    out.push(
      `<line class="whisker" x1="${f(cx)}" x2="${f(cx)}" y1="${f(y(p5 ?? 0))}" y2="${f(y(p95 ?? 0))}"/>`,
      `<rect class="box" x="${f(cx - 5)}" y="${f(y(p75 ?? 0))}" width="10" height="${f(y(p25 ?? 0) - y(p75 ?? 0))}"/>`,
      `<line class="median" x1="${f(cx - 6)}" x2="${f(cx + 6)}" y1="${f(y(p50 ?? 0))}" y2="${f(y(p50 ?? 0))}"/>`,
    );
    for (let k = 0; k < DOTS; k++) {
      const dx = (random() - 0.5) * 9;
      out.push(`<circle class="dot" cx="${f(cx + dx)}" cy="${f(y(draws[k] ?? 0))}" r="1.6"/>`);
    }
    out.push(`<text x="${f(cx)}" y="${BOTTOM + 16}" class="tick">${i + 1}</text>`);
  });
  return out.join('\n');
}

/** The whole SVG for `seed`. */
export function jitterSvg(seed = 2015): string {
  const random = seededRandom(seed);
  const grid = [0, 5, 10, 15, 20, 25, 30].map(
    (s) =>
      `<line class="grid" x1="${LEFT}" x2="${LEFT + KINDS.length * PANEL}" y1="${f(y(s * 1000))}" y2="${f(y(s * 1000))}"/>` +
      `<text x="${LEFT - 8}" y="${f(y(s * 1000) + 4)}" class="ylabel">${s} s</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" role="img" aria-labelledby="title">`,
    `<title id="title">Delay after failed attempt n for the jitter kinds ${KINDS.map(label).join(', ')}, with the default options</title>`,
    '<style>',
    '.title{font-size:14px;font-weight:600;text-anchor:middle}.tick{font-size:11px;text-anchor:middle;fill:#444}',
    '.ylabel{font-size:11px;text-anchor:end;fill:#444}.frame{fill:none;stroke:#ccc}.grid{stroke:#eee}',
    '.d{fill:none;stroke:#c0392b;stroke-dasharray:4 3}.whisker{stroke:#2c3e50}.median{stroke:#2c3e50;stroke-width:2}',
    '.box{fill:#aed6f1;stroke:#2c3e50}.dot{fill:#2e86c1;fill-opacity:.35}',
    '</style>',
    '<rect width="100%" height="100%" fill="#fff"/>',
    `<text x="${W / 2}" y="24" class="title">Delay after failed attempt n, per jitter kind (defaults: initialDelayMs 1000, multiplier 2, maxDelayMs 30000)</text>`,
    `<text x="${W / 2}" y="44" class="tick">box: 25–75 %, whiskers: 5–95 %, bar: median of ${DRAWS.toLocaleString('en-US')} draws; dots: ${DOTS} draws; dashed: d = min(maxDelayMs, initialDelayMs · multiplier^(n−1)); seed ${seed}</text>`,
    ...grid,
    ...KINDS.map((k, i) => panel(k, i, random)),
    `<text x="${LEFT + (KINDS.length * PANEL) / 2}" y="${BOTTOM + 40}" class="tick">failed attempt n</text>`,
    '</svg>',
    '',
  ].join('\n');
}
