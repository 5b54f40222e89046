/**
 * The published package, as a user gets it. The repository's files are copied to a scratch folder
 * with no earlier build, `npm pack` runs there (its `prepack` builds), and the tarball is installed
 * into a clean consumer folder outside the repository, which imports every subpath in ESM and CJS.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
const SUBPATHS = Object.keys(manifest.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`));

interface PackageJson {
  readonly name: string;
  readonly main: string;
  readonly module: string;
  readonly types: string;
  readonly exports: Record<string, unknown>;
  readonly typesVersions: Record<string, Record<string, string[]>>;
}

let scratch: string;
let consumer: string;
let shipped: Set<string>;
let installed: string;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function node(file: string): Record<string, unknown> {
  return JSON.parse(run(process.execPath, [file], consumer)) as Record<string, unknown>;
}

/** Every string leaf of an `exports`/`typesVersions` value. */
function targets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(targets);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(targets);
  return [];
}

/** A path of the package (`./dist/index.js`) as npm lists it (`dist/index.js`). */
function packagePath(target: string): string {
  return normalize(target).replace(/^\.\//, '');
}

beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'retrywise-pack-'));
  scratch = join(base, 'repo');
  consumer = join(base, 'consumer');
  // The working tree's files (tracked or new, not ignored), and no dist/: a clean tree.
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root)
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(join(root, file), join(scratch, file));
  }
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  mkdirSync(consumer, { recursive: true });
  // prepack's build writes to stdout too: the JSON report is the output's last array.
  const output = run('npm', ['pack', '--json', '--pack-destination', consumer], scratch);
  const [packed] = JSON.parse(output.slice(output.lastIndexOf('\n[') + 1)) as {
    filename: string;
    files: { path: string }[];
  }[];
  if (packed === undefined) throw new Error('npm pack reported no tarball');
  shipped = new Set(packed.files.map((file) => file.path));
  writeFileSync(join(consumer, 'package.json'), '{ "name": "consumer", "private": true }\n');
  run(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-save'].concat(
      join(consumer, packed.filename),
    ),
    consumer,
  );
  // The optional peer, as a user who calls gRPC has it installed beside the package.
  symlinkSync(join(root, 'node_modules', '@grpc'), join(consumer, 'node_modules', '@grpc'), 'dir');
  installed = join(consumer, 'node_modules', manifest.name);
}, 180_000);

afterAll(() => {
  if (scratch !== undefined) rmSync(dirname(scratch), { recursive: true, force: true });
});

describe('the packed tarball, packed from a clean tree', () => {
  it('ships the build its prepack made: every exports, main, module, types and typesVersions target', () => {
    const declared = [
      ...targets(manifest.exports),
      ...targets(manifest.typesVersions),
      manifest.main,
      manifest.module,
      manifest.types,
    ].filter((target) => target !== './package.json');
    expect(declared.length).toBeGreaterThan(20);
    for (const target of declared) expect(shipped, target).toContain(packagePath(target));
  });

  it('ships no tests, no sources and no source maps that point at files it does not ship', () => {
    const paths = [...shipped];
    expect(paths.filter((p) => /(^|\/)test\/|\.(test|spec)\.[cm]?[jt]s$/.test(p))).toEqual([]);
    expect(paths.filter((p) => p.startsWith('src/'))).toEqual([]);
    for (const map of paths.filter((p) => p.endsWith('.map'))) {
      const { sources } = JSON.parse(readFileSync(join(installed, map), 'utf8')) as {
        sources: string[];
      };
      for (const source of sources) {
        expect(shipped, `${map} → ${source}`).toContain(normalize(join(dirname(map), source)));
      }
    }
  });

  it("ships the build, docs, examples and changelog only: no contributors' files", () => {
    // Not ARCHITECTURE.md, etc/*.api.md, size-budget.json, the docs-api/ site, scripts or configs.
    const topLevel = new Set([...shipped].map((path) => path.split('/')[0]));
    expect([...topLevel].sort()).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist',
      'docs',
      'examples',
      'package.json',
    ]);
  });

  it('ships runnable examples: every relative import in examples/ resolves to a file in the tarball', () => {
    const sources = [...shipped].filter((p) => p.startsWith('examples/') && p.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(3);
    const missing: string[] = [];
    for (const source of sources) {
      const text = readFileSync(join(installed, source), 'utf8');
      for (const [, specifier] of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
        const target = normalize(join(dirname(source), (specifier ?? '').replace(/\.js$/, '.ts')));
        if (!shipped.has(target)) missing.push(`${source} imports ${specifier}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('ships the docs: every relative link in its markdown resolves to a file in the tarball', () => {
    const pages = [...shipped].filter((p) => p.endsWith('.md'));
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/getting-started.md']));
    let links = 0;
    for (const page of pages) {
      const text = readFileSync(join(installed, page), 'utf8');
      for (const [, href] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (href === undefined || /^[a-z]+:|^#/.test(href)) continue;
        const target = normalize(join(dirname(page), decodeURI(href.split('#')[0] ?? '')));
        expect(shipped, `${page} → ${href}`).toContain(target);
        links++;
      }
    }
    expect(links).toBeGreaterThan(10);
  });

  it.each(SUBPATHS)('imports %s in ESM and CJS with the same export names', (subpath) => {
    // `misnamed`: exported functions and classes whose `name` is not their export name (a build
    // transform that renames `class RetryableError` to `_RetryableError` or `_class2`).
    const misnamed = `Object.entries(m).filter(([k, v]) => k !== 'default' && typeof v === 'function' && v.name !== k).map(([k, v]) => k + ' is named ' + v.name)`;
    writeFileSync(
      join(consumer, 'esm.mjs'),
      `const m = await import(${JSON.stringify(subpath)}); console.log(JSON.stringify({ keys: Object.keys(m).filter((k) => k !== 'default').sort(), misnamed: ${misnamed} }));`,
    );
    writeFileSync(
      join(consumer, 'cjs.cjs'),
      `const m = require(${JSON.stringify(subpath)}); console.log(JSON.stringify({ keys: Object.keys(m).sort(), misnamed: ${misnamed} }));`,
    );
    const esm = node('esm.mjs');
    const cjs = node('cjs.cjs');
    expect(esm.keys).toEqual(cjs.keys);
    expect((esm.keys as string[]).length).toBeGreaterThan(0);
    expect({ esm: esm.misnamed, cjs: cjs.misnamed }).toEqual({ esm: [], cjs: [] });
  });

  it('shares one core between the CJS entries', () => {
    writeFileSync(
      join(consumer, 'shared.cjs'),
      `const a = require('retrywise'); const t = require('retrywise/testing');
       const clock = new t.FakeClock();
       const r = new a.Retryer({ clock });
       console.log(JSON.stringify({ sameClockType: typeof clock.sleep === 'function', retryer: typeof r.run }));`,
    );
    expect(node('shared.cjs')).toEqual({ sameClockType: true, retryer: 'function' });
  });

  it('honours in ESM a marker and a Retryer made by the CJS copy, and retryInfo across copies', async () => {
    writeFileSync(
      join(consumer, 'cross.mjs'),
      `import { createRequire } from 'node:module';
       import { Retryer, retryInfo, NonRetryableError } from 'retrywise';
       import { retryInterceptor } from 'retrywise/grpc';
       const cjs = createRequire(import.meta.url)('retrywise');
       const inner = new Error('bad bucket name');
       let calls = 0;
       const retryer = new Retryer({ unknownErrors: 'retry', initialDelayMs: 0 });
       const caught = await retryer.run(() => { calls++; throw cjs.nonRetryable(inner); }).catch((e) => e);
       const info = cjs.retryInfo(caught);
       console.log(JSON.stringify({
         calls, same: caught === inner, reason: info && info.reason,
         brand: cjs.nonRetryable(inner) instanceof NonRetryableError,
         esmInfo: retryInfo(caught) === info,
         adapter: typeof retryInterceptor(new cjs.Retryer()),
       }));`,
    );
    expect(node('cross.mjs')).toEqual({
      calls: 1,
      same: true,
      reason: 'non-retryable',
      brand: true,
      esmInfo: true,
      adapter: 'function',
    });
  });
});
