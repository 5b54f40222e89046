/**
 * `npm run bench:herd`: both herd simulations, deterministic (seeded PRNG, virtual time).
 *
 *   tsx bench/herd/index.ts [--trials 100] [--seeds 10] [--chart docs/fleet-outage.svg] [--no-docs]
 *
 * (a) Brooker's OCC model at N = 100, each jitter kind averaged over `--trials` seeds;
 * (b) the outage model: 1,000 clients in 10 processes, a 10 s outage, then 200 calls/s;
 * (c) the brownout model: 400 calls/s, capacity 400 → 150 → 400 calls/s. Its tables go into
 * docs/fleet.md (between the `brownout-tables` markers) and its chart into
 * docs/fleet-brownout.svg, unless `--no-docs`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  BROWNOUT_MODEL,
  BROWNOUT_STRATEGIES,
  type BrownoutResult,
  brownoutRun,
} from './brownout.js';
import { brownoutChart, outageChart } from './chart.js';
import { checkOccOrdering, occModel } from './occ.js';
import { OUTAGE_MODEL, type OutageResult, outageRun, STRATEGIES } from './outage.js';
import { brownoutTable, healthyTable, occTable, outageTable } from './tables.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

async function main(): Promise<void> {
  const trials = Number(flag('trials') ?? 100);
  const started = performance.now();
  const occ = await occModel(['none', 'full', 'equal', 'decorrelated'], 100, trials);
  console.log(`(a) Brooker's OCC model, N = 100, mean of ${trials} seeded trials\n`);
  console.log(occTable(occ));
  const problems = checkOccOrdering(occ);
  console.log(
    problems.length === 0
      ? '\nordering as published: calls full < equal < decorrelated < none; time decorrelated, full < equal < none'
      : `\nordering differs from the post: ${problems.join('; ')}`,
  );
  const outage = [];
  for (const strategy of STRATEGIES) outage.push(await outageRun(strategy));
  const m = OUTAGE_MODEL;
  console.log(
    `\n(b) Outage model: ${m.clients} clients in ${m.processes} processes, ${m.outageMs / 1000} s outage, then ${m.capacityPerSecond} calls/s; base ${m.initialDelayMs} ms, cap ${m.maxDelayMs / 1000} s, limit ${m.limitMs / 1000} s\n`,
  );
  console.log(outageTable(outage, m.clients));
  const seeds = Number(flag('seeds') ?? 10);
  const refill = STRATEGIES.at(-1) as (typeof STRATEGIES)[number];
  const spread: OutageResult[] = [];
  for (let seed = 1; seed <= seeds; seed++) spread.push(await outageRun(refill, { ...m, seed }));
  const worst = (f: (r: OutageResult) => number): string => Math.max(...spread.map(f)).toFixed(2);
  console.log(
    `\n${refill.name} over seeds 1..${seeds}: amplification ≤ ${worst((r) => r.amplification)}×, give-ups ≤ ${Math.max(...spread.map((r) => r.giveUps))}, last success ≤ ${worst((r) => (r.lastSuccessMs ?? Number.POSITIVE_INFINITY) / 1000)} s after recovery`,
  );
  for (const latencyMs of [50, 200]) {
    const r = await outageRun(refill, { ...m, latencyMs });
    console.log(
      `${refill.name} with ${latencyMs} ms call latency: amplification ${r.amplification.toFixed(2)}×, give-ups ${r.giveUps}, last success ${((r.lastSuccessMs ?? Number.POSITIVE_INFINITY) / 1000).toFixed(2)} s after recovery`,
    );
  }
  const chart = flag('chart');
  if (chart !== undefined) {
    writeFileSync(chart, outageChart(outage, m));
    console.log(`\nchart written to ${chart}`);
  }
  await brownout(!process.argv.includes('--no-docs'));
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (problems.length > 0) process.exitCode = 1;
}

const BEGIN = '<!-- brownout-tables:begin (written by npm run bench:herd) -->';
const END = '<!-- brownout-tables:end -->';

/** (c): prints the tables; with `docs`, writes them into docs/fleet.md and the chart beside it. */
async function brownout(docs: boolean): Promise<void> {
  const m = BROWNOUT_MODEL;
  const run = async (model: typeof m): Promise<BrownoutResult[]> => {
    const results: BrownoutResult[] = [];
    for (const strategy of BROWNOUT_STRATEGIES) results.push(await brownoutRun(strategy, model));
    return results;
  };
  const hinted = await run(m);
  const bare = await run({ ...m, retryAfterSeconds: undefined });
  const healthy = await run({ ...m, brownoutCapacityPerSecond: m.capacityPerSecond });
  const text = [
    `Brownout, 429 with \`Retry-After: ${m.retryAfterSeconds}\`:`,
    '',
    brownoutTable(hinted),
    '',
    'Brownout, 429 without a hint:',
    '',
    brownoutTable(bare),
    '',
    `Healthy service (capacity ${m.capacityPerSecond} calls/s throughout, 429 with \`Retry-After\` on the excess):`,
    '',
    healthyTable(healthy),
  ].join('\n');
  console.log(
    `\n(c) Brownout model: ${m.clients} clients in ${m.processes} processes, ${m.offeredPerSecond} calls/s; capacity ${m.capacityPerSecond} → ${m.brownoutCapacityPerSecond} calls/s for ${m.brownoutMs / 1000} s at ${m.brownoutAtMs / 1000} s; seed ${m.seed}\n`,
  );
  console.log(text);
  if (!docs) return;
  const page = 'docs/fleet.md';
  const current = readFileSync(page, 'utf8');
  const begin = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (begin === -1 || end < begin) throw new Error(`${page} lacks the brownout-tables markers`);
  writeFileSync(
    page,
    `${current.slice(0, begin + BEGIN.length)}\n\n${text}\n\n${current.slice(end)}`,
  );
  writeFileSync('docs/fleet-brownout.svg', brownoutChart(hinted, m));
  console.log(`\ntables written to ${page}, chart to docs/fleet-brownout.svg`);
}

await main();
