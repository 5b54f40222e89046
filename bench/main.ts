/**
 * The bench itself (run through bench/index.ts): retrywise beside p-retry, cockatiel, async-retry and exponential-backoff, in one
 * process, measured interleaved. Prints Markdown tables. See docs/benchmarks.md.
 */
import { abortLatency } from './abort-latency.js';
import { firstTry } from './first-try.js';
import { grpcBench } from './grpc.js';
import { hedging } from './hedging.js';
import { memory } from './memory.js';
import { zeroDelay } from './zero-delay.js';

const sections: [string, () => Promise<string>][] = [
  ['first', firstTry],
  ['zero', zeroDelay],
  ['abort', abortLatency],
  ['memory', memory],
  ['grpc', grpcBench],
  ['hedging', hedging],
];

const only = process.argv.slice(2);
console.log(`Node ${process.version}, ${process.platform}/${process.arch}\n`);
for (const [key, section] of sections) {
  if (only.length > 0 && !only.includes(key)) continue;
  const started = performance.now();
  console.log(await section());
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
