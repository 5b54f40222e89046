/**
 * The size budget (`npm run size`, part of `npm test` after the build): each import listed in
 * size-budget.json is bundled from the built `dist/` the way a user's bundler ships it (the
 * package resolved through its `exports` map from a consumer's node_modules, ESM, minified,
 * unused code dropped), gzipped at level 9 and compared with its limit. Exits 1 when an import
 * is over budget, or when a subpath of `exports` has no budget at all.
 *
 * `npm run size -- --why` also bundles each import from `src/` and lists the bytes each source
 * file adds (minified, before gzip): where to look when a budget is tight.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build } from 'esbuild';
import {
  type Budget,
  budgetsOf,
  entrySource,
  missingSubpaths,
  overBudget,
  statement,
} from './size-budget.js';

const root = resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, unknown>;
};
const budgets = budgetsOf(JSON.parse(readFileSync(join(root, 'size-budget.json'), 'utf8')));

/** As a user's bundler does: minified ESM for browsers, the gRPC peer and Node's own modules left out. */
const SHIPPED: BuildOptions = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
  write: false,
  metafile: true,
  logLevel: 'silent',
  external: ['@grpc/grpc-js', 'node:*', ...builtinModules],
};

/** A consumer folder whose node_modules holds this package, so that `exports` decides what is found. */
function consumer(): string {
  const dir = join(root, '.tmp', 'size');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(root, join(dir, 'node_modules', manifest.name), 'dir');
  return dir;
}

async function bundle(contents: string, resolveDir: string, extra: BuildOptions = {}) {
  const result = await build({ ...SHIPPED, ...extra, stdin: { contents, resolveDir } });
  const [output] = result.outputFiles ?? [];
  if (output === undefined) throw new Error(`esbuild wrote nothing for ${contents}`);
  const minified = output.contents.length;
  const gzipped = gzipSync(output.contents, { level: 9 }).length;
  return { minified, gzipped, metafile: result.metafile };
}

/** The same import bundled from src/ (subpaths mapped as tsconfig does), bytes per source file. */
async function why(budget: Budget): Promise<string[]> {
  const subpath = budget.from.slice(manifest.name.length + 1);
  const entry = join(root, 'src', subpath === '' ? 'index.ts' : join(subpath, 'index.ts'));
  const { metafile } = await bundle(entrySource(budget, entry), root);
  const inputs = Object.values(metafile?.outputs ?? {})[0]?.inputs ?? {};
  return Object.entries(inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
    .map(
      ([file, input]) => `    ${String(input.bytesInOutput).padStart(7)}  ${relative(root, file)}`,
    );
}

const bytes = (n: number): string => n.toLocaleString('en-US');

async function main(): Promise<number> {
  if (!existsSync(join(root, 'dist', 'index.js'))) {
    console.error(
      'dist/ is missing: run `npm run build` first (npm test builds before it measures)',
    );
    return 1;
  }
  const dir = consumer();
  try {
    return await report(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function report(dir: string): Promise<number> {
  const showWhy = process.argv.includes('--why');
  const rows: string[][] = [['import', 'minified', 'gzip -9', 'limit', '']];
  const details: string[] = [];
  const failures: string[] = [];
  for (const budget of budgets) {
    const { minified, gzipped } = await bundle(entrySource(budget), dir);
    const over = overBudget(budget, gzipped);
    if (over !== undefined) failures.push(over);
    rows.push([
      statement(budget),
      bytes(minified),
      bytes(gzipped),
      bytes(budget.limitBytes),
      over === undefined ? 'ok' : 'OVER',
    ]);
    if (showWhy) details.push(`  ${statement(budget)}`, ...(await why(budget)));
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
  for (const row of rows) {
    console.log(
      row
        .map((cell, i) => (i === 0 ? cell.padEnd : cell.padStart).call(cell, widths[i] ?? 0))
        .join('  '),
    );
  }
  if (details.length > 0)
    console.log(`\nBytes per source file (minified, before gzip):\n${details.join('\n')}`);
  for (const subpath of missingSubpaths(manifest.name, Object.keys(manifest.exports), budgets)) {
    failures.push(`${subpath} has no budget in size-budget.json: add one`);
  }
  if (failures.length === 0) return 0;
  console.error(`\nsize budget exceeded:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
