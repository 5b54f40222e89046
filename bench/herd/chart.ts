/**
 * The outage model as an SVG chart: calls per second over time for each strategy, on a log
 * scale, with the outage shaded and the capacity line. Plain text out, no dependency, no network.
 */
import type { BrownoutModel, BrownoutResult } from './brownout.js';
import type { OutageModel, OutageResult } from './outage.js';

const WIDTH = 760;
const HEIGHT = 360;
const LEFT = 60;
const RIGHT = 160;
const TOP = 20;
const BOTTOM = 40;
const COLORS = ['#d62728', '#ff7f0e', '#7f7f7f', '#2ca02c', '#1f77b4', '#9467bd', '#8c564b'];
const DASHES = ['', '', '6 3', '', '2 2', '', '4 2'];
const MAX_LOG = 4; // 10,000 calls/s

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One series per result (calls per one-second window), drawn as steps, with its legend. */
function seriesLines(
  results: readonly { readonly name: string; readonly perSecond: readonly number[] }[],
  x: (s: number) => number,
  y: (calls: number) => number,
): string[] {
  const parts: string[] = [];
  // Drawn last-first, dashed where series overlap, so that each stays visible.
  [...results].reverse().forEach((r, j) => {
    const i = results.length - 1 - j;
    const color = COLORS[i % COLORS.length] as string;
    const dash = DASHES[i % DASHES.length] as string;
    const dashAttr = dash === '' ? '' : ` stroke-dasharray="${dash}"`;
    const points = r.perSecond.flatMap((calls, s) => [
      `${x(s).toFixed(1)},${y(calls).toFixed(1)}`,
      `${x(s + 1).toFixed(1)},${y(calls).toFixed(1)}`,
    ]);
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="1.6"${dashAttr} points="${points.join(' ')}"/>`,
      `<line x1="${WIDTH - RIGHT + 12}" x2="${WIDTH - RIGHT + 30}" y1="${TOP + 16 + i * 18}" y2="${TOP + 16 + i * 18}" stroke="${color}" stroke-width="3"${dashAttr}/>`,
      `<text x="${WIDTH - RIGHT + 36}" y="${TOP + 20 + i * 18}">${xmlText(r.name)}</text>`,
    );
  });
  return parts;
}

/** An SVG document (a string) charting `results`. */
export function outageChart(results: readonly OutageResult[], model: OutageModel): string {
  const seconds = Math.max(30, ...results.map((r) => r.perSecond.length));
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const x = (s: number): number => LEFT + (s / seconds) * plotW;
  const y = (calls: number): number =>
    TOP + plotH - (Math.min(MAX_LOG, Math.log10(Math.max(1, calls))) / MAX_LOG) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11" role="img" aria-labelledby="title">`,
    `<title id="title">Calls per second during and after a ${model.outageMs / 1000} s outage, by retry strategy</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<rect x="${x(0)}" y="${TOP}" width="${x(model.outageMs / 1000) - x(0)}" height="${plotH}" fill="#f2dede"/>`,
    `<text x="${x(0) + 4}" y="${TOP + 12}" fill="#a94442">outage</text>`,
  ];
  for (let p = 0; p <= MAX_LOG; p++) {
    const v = 10 ** p;
    parts.push(
      `<line x1="${LEFT}" x2="${LEFT + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${LEFT - 6}" y="${y(v) + 4}" text-anchor="end">${v.toLocaleString('en-US')}</text>`,
    );
  }
  for (let s = 0; s <= seconds; s += 10) {
    parts.push(`<text x="${x(s)}" y="${TOP + plotH + 16}" text-anchor="middle">${s}</text>`);
  }
  const cap = y(model.capacityPerSecond);
  parts.push(
    `<line x1="${x(model.outageMs / 1000)}" x2="${LEFT + plotW}" y1="${cap}" y2="${cap}" stroke="#333" stroke-dasharray="4 3"/>`,
    `<text x="${LEFT + plotW - 4}" y="${cap - 4}" text-anchor="end">capacity ${model.capacityPerSecond}/s</text>`,
    `<text x="${LEFT + plotW / 2}" y="${HEIGHT - 6}" text-anchor="middle">time (s)</text>`,
    `<text transform="translate(14 ${TOP + plotH / 2}) rotate(-90)" text-anchor="middle">calls per second (log)</text>`,
    `<rect x="${LEFT}" y="${TOP}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`,
  );
  parts.push(...seriesLines(results, x, y));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/**
 * The brownout model as an SVG chart: calls reaching the server per second for each strategy,
 * on a linear scale, with the brownout shaded and the capacity drawn as a step.
 */
export function brownoutChart(results: readonly BrownoutResult[], model: BrownoutModel): string {
  const seconds = Math.max(...results.map((r) => r.loadPerSecond.length));
  const top = 1200;
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const x = (s: number): number => LEFT + (s / seconds) * plotW;
  const y = (calls: number): number => TOP + plotH - (Math.min(top, calls) / top) * plotH;
  const from = model.brownoutAtMs / 1000;
  const to = from + model.brownoutMs / 1000;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11" role="img" aria-labelledby="title">`,
    `<title id="title">Calls reaching the server per second during a ${model.brownoutMs / 1000} s brownout (capacity ${model.capacityPerSecond} to ${model.brownoutCapacityPerSecond} calls/s), by client strategy</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<rect x="${x(from)}" y="${TOP}" width="${x(to) - x(from)}" height="${plotH}" fill="#fcf8e3"/>`,
    `<text x="${x(from) + 4}" y="${TOP + 12}" fill="#8a6d3b">brownout</text>`,
  ];
  for (let v = 0; v <= top; v += 200) {
    parts.push(
      `<line x1="${LEFT}" x2="${LEFT + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${LEFT - 6}" y="${y(v) + 4}" text-anchor="end">${v.toLocaleString('en-US')}</text>`,
    );
  }
  for (let s = 0; s <= seconds; s += 10) {
    parts.push(`<text x="${x(s)}" y="${TOP + plotH + 16}" text-anchor="middle">${s}</text>`);
  }
  const high = y(model.capacityPerSecond);
  const low = y(model.brownoutCapacityPerSecond);
  parts.push(
    `<polyline fill="none" stroke="#333" stroke-dasharray="4 3" points="${x(0)},${high} ${x(from)},${high} ${x(from)},${low} ${x(to)},${low} ${x(to)},${high} ${x(seconds)},${high}"/>`,
    `<text x="${x(to) - 4}" y="${low + 14}" text-anchor="end">capacity</text>`,
    `<text x="${LEFT + plotW / 2}" y="${HEIGHT - 6}" text-anchor="middle">time (s)</text>`,
    `<text transform="translate(14 ${TOP + plotH / 2}) rotate(-90)" text-anchor="middle">calls reaching the server per second</text>`,
    `<rect x="${LEFT}" y="${TOP}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`,
  );
  const series = results.map((r) => ({ name: r.name, perSecond: r.loadPerSecond }));
  parts.push(...seriesLines(series, x, y), '</svg>');
  return `${parts.join('\n')}\n`;
}
