/**
 * `npx tsx scripts/plot-jitter.ts`: writes docs/jitter-spread.svg from `backoffDelay` with a
 * seeded PRNG. No network, no dependencies; the output is the same on every run.
 */
import { writeFileSync } from 'node:fs';
import { jitterSvg } from './jitter-svg.js';

const path = new URL('../docs/jitter-spread.svg', import.meta.url);
writeFileSync(path, jitterSvg());
console.log(`wrote ${path.pathname}`);
