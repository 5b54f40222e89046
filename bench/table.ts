/** Plain-text and Markdown tables for the bench output. */

export type Row = readonly string[];

/** A Markdown table with aligned columns; numeric columns are right-aligned. */
export function table(header: Row, rows: readonly Row[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) =>
    rows.every((r) => /^[\d.,≤≥~×µnsmBK %-]*$/.test(r[i] ?? '')),
  );
  const cell = (text: string, i: number): string =>
    numeric[i] && i > 0 ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0);
  const line = (r: Row): string => `| ${r.map((t, i) => cell(t, i)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] && i > 0 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** A duration in ns, in the unit that reads best. */
export function duration(ns: number): string {
  if (!Number.isFinite(ns)) return 'n/a';
  if (ns < 1e3) return `${ns.toFixed(ns < 100 ? 1 : 0)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

export function ratio(value: number, base: number): string {
  const r = value / base;
  return `${r < 10 ? r.toFixed(2) : r < 1000 ? r.toFixed(1) : Math.round(r).toLocaleString('en-US')}×`;
}

export function bytes(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n < 1024 ? `${Math.round(n)} B` : `${(n / 1024).toFixed(2)} KB`;
}
