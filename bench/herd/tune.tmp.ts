import { AdaptiveThrottle } from '../../src/index.js';
import { BROWNOUT_MODEL, BROWNOUT_STRATEGIES, brownoutRun } from '../../bench/herd/brownout.js';
const args = process.argv.slice(2);
const k = Number(args[0] ?? 2), w = Number(args[1] ?? 5), win = Number(args[2] ?? 2000), b = Number(args[3] ?? 20);
const only = args[4];
const strategies = [...BROWNOUT_STRATEGIES.filter(s=>!s.throttle), {name:`thr k${k} w${w} win${win} b${b}`, throttle:(clock: any, random: any)=>new AdaptiveThrottle({clock, random, k, throttleWeight:w, windowMs:win, buckets:b})}];
for (const hints of [1, undefined]) for (const s of strategies) {
  if (only && !s.name.startsWith(only)) continue;
  const t0 = performance.now();
  const r = await brownoutRun(s, { ...BROWNOUT_MODEL, retryAfterSeconds: hints });
  const h = await brownoutRun(s, { ...BROWNOUT_MODEL, retryAfterSeconds: hints, brownoutCapacityPerSecond: 400 });
  console.log(hints, s.name.padEnd(28), `peak ${r.peakLoadRatio.toFixed(2)} mean ${r.meanLoadRatio.toFixed(2)} good ${r.goodputRatio.toFixed(3)} succ ${r.successShare.toFixed(3)} p50 ${r.p50Ms} p99 ${r.p99Ms} giveups ${r.giveUps} forced ${r.forcedGiveUps} local ${r.rejectedLocally} rec ${r.recoveryMs} | healthy local ${h.rejectedLocally} giveups ${h.giveUps} | ${(performance.now()-t0).toFixed(0)} ms`);
  if (process.env.SERIES) console.log(r.loadPerSecond.join(' '), '\n', r.goodputPerSecond.join(' '));
}
