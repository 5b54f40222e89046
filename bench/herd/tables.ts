/** The herd simulations as Markdown tables (for the terminal and for docs/fleet.md). */
import type { BrownoutResult } from './brownout.js';
import type { OccResult } from './occ.js';
import type { OutageResult } from './outage.js';

/** Brooker's published numbers at N = 100, read from the charts of his post. */
export const BROOKER_N100 = Object.freeze({
  none: { calls: 1840, timeMs: 62_900 },
  full: { calls: 788, timeMs: 4860 },
  equal: { calls: 805, timeMs: 6690 },
  decorrelated: { calls: 995, timeMs: 4500 },
});

type Kind = keyof typeof BROOKER_N100;

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const secs = (ms: number): string => (ms / 1000).toFixed(2);

/** (a) Calls and time per jitter kind, beside the post's numbers and the ratios to them. */
export function occTable(results: readonly OccResult[]): string {
  const lines = [
    row(['jitter', 'calls', 'post', 'ratio', 'time (s)', 'post (s)', 'ratio']),
    row(['---', '--:', '--:', '--:', '--:', '--:', '--:']),
  ];
  for (const r of results) {
    const published = BROOKER_N100[String(r.jitter) as Kind];
    if (published === undefined) continue;
    lines.push(
      row([
        String(r.jitter),
        int(r.calls),
        int(published.calls),
        (r.calls / published.calls).toFixed(2),
        secs(r.timeMs),
        secs(published.timeMs),
        (r.timeMs / published.timeMs).toFixed(2),
      ]),
    );
  }
  return lines.join('\n');
}

/** (b) Amplification, give-ups, time to the last success and peak load per strategy. */
export function outageTable(results: readonly OutageResult[], clients: number): string {
  const lines = [
    row([
      'strategy',
      'amplification',
      'give-ups',
      'last success after recovery (s)',
      'peak calls/s',
      'total calls',
    ]),
    row(['---', '--:', '--:', '--:', '--:', '--:']),
  ];
  for (const r of results) {
    lines.push(
      row([
        r.name,
        `${r.amplification.toFixed(2)}×`,
        `${int(r.giveUps)} / ${int(clients)}`,
        r.lastSuccessMs === undefined ? 'never' : secs(r.lastSuccessMs),
        int(r.peakPerSecond),
        int(r.totalCalls),
      ]),
    );
  }
  return lines.join('\n');
}

const ratio = (n: number): string => `${n.toFixed(2)}×`;
const pct = (n: number): string => `${(n * 100).toFixed(1)} %`;
const ms = (n: number): string => (Number.isNaN(n) ? '–' : secs(n));

/** (c) Server load, goodput, success, latency, give-ups and recovery per strategy. */
export function brownoutTable(results: readonly BrownoutResult[]): string {
  const lines = [
    row([
      'strategy',
      'load peak',
      'load mean',
      'goodput',
      'calls that succeed',
      'p50 / p99 to success (s)',
      'give-ups (forced)',
      'rejected locally',
      'full throughput after (s)',
    ]),
    row(['---', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:']),
  ];
  for (const r of results) {
    lines.push(
      row([
        r.name,
        ratio(r.peakLoadRatio),
        ratio(r.meanLoadRatio),
        pct(r.goodputRatio),
        pct(r.successShare),
        `${ms(r.p50Ms)} / ${ms(r.p99Ms)}`,
        `${int(r.giveUps)} (${int(r.forcedGiveUps)})`,
        int(r.rejectedLocally),
        r.recoveryMs === undefined ? 'never' : secs(r.recoveryMs),
      ]),
    );
  }
  return lines.join('\n');
}

/** The healthy run: local rejections and give-ups per strategy that has a throttle. */
export function healthyTable(results: readonly BrownoutResult[]): string {
  const lines = [
    row(['strategy', 'calls', 'rejected locally', 'give-ups', 'load peak (× capacity)']),
    row(['---', '--:', '--:', '--:', '--:']),
  ];
  for (const r of results) {
    lines.push(
      row([r.name, int(r.calls), int(r.rejectedLocally), int(r.giveUps), ratio(r.peakLoadRatio)]),
    );
  }
  return lines.join('\n');
}
