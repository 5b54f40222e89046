/**
 * `npm run bench`. tsx adds a `__name()` call to every named closure it compiles (esbuild's
 * `keepNames`), which costs ~0.7 µs per closure and is not in the published build. So the bench
 * first bundles itself and `src/` the way `tsup` builds the package (no keepNames), into
 * `.tmp/bench/`, then runs that. Arguments select sections: `npm run bench -- first zero`.
 */
import { spawnSync } from 'node:child_process';
import { build } from 'tsup';

const outDir = '.tmp/bench';
await build({
  entry: { main: 'bench/main.ts', 'memory-child': 'bench/memory-child.ts' },
  outDir,
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  splitting: false,
  clean: true,
  silent: true,
  config: false,
  external: [
    'p-retry',
    'cockatiel',
    'async-retry',
    'exponential-backoff',
    'mitata',
    '@grpc/grpc-js',
    '@grpc/proto-loader',
  ],
});
const { status } = spawnSync(
  process.execPath,
  ['--expose-gc', `${outDir}/main.js`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exitCode = status ?? 1;
