/**
 * The published package, as a user gets it: `npm pack`, install the tarball into a consumer
 * folder, and import every subpath in ESM and in CJS.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
// Inside the repo, so the consumer finds the optional peer @grpc/grpc-js in the repo's node_modules,
// while `retryer` itself resolves to the installed tarball in the consumer's own node_modules.
const consumer = join(root, '.tmp', 'consumer');

const SUBPATHS = ['retryer', 'retryer/grpc', 'retryer/aws', 'retryer/azure', 'retryer/testing'];

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function node(file: string): Record<string, unknown> {
  return JSON.parse(run(process.execPath, [file], consumer)) as Record<string, unknown>;
}

beforeAll(() => {
  rmSync(consumer, { recursive: true, force: true });
  mkdirSync(consumer, { recursive: true });
  run('npx', ['tsup', '--silent'], root);
  const packed = run(
    'npm',
    ['pack', '--ignore-scripts', '--pack-destination', consumer],
    root,
  ).trim();
  const tarball = packed.split('\n').at(-1) ?? '';
  writeFileSync(join(consumer, 'package.json'), '{ "name": "consumer", "private": true }\n');
  run(
    'npm',
    [
      'install',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--no-save',
      join(consumer, tarball),
    ],
    consumer,
  );
}, 120_000);

afterAll(() => rmSync(consumer, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('ships dist, the license, the readme and the changelog, and nothing else', () => {
    const files = readdirSync(join(consumer, 'node_modules', 'retryer')).sort();
    expect(files).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json']);
  });

  it.each(SUBPATHS)('imports %s in ESM and CJS with the same export names', (subpath) => {
    writeFileSync(
      join(consumer, 'esm.mjs'),
      `const m = await import(${JSON.stringify(subpath)}); console.log(JSON.stringify({ keys: Object.keys(m).filter((k) => k !== 'default').sort() }));`,
    );
    writeFileSync(
      join(consumer, 'cjs.cjs'),
      `const m = require(${JSON.stringify(subpath)}); console.log(JSON.stringify({ keys: Object.keys(m).sort() }));`,
    );
    const esm = node('esm.mjs');
    const cjs = node('cjs.cjs');
    expect(esm.keys).toEqual(cjs.keys);
    expect((esm.keys as string[]).length).toBeGreaterThan(0);
  });

  it('shares one core between the CJS entries', () => {
    writeFileSync(
      join(consumer, 'shared.cjs'),
      `const a = require('retryer'); const t = require('retryer/testing');
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
       import { Retryer, retryInfo, NonRetryableError } from 'retryer';
       import { retryInterceptor } from 'retryer/grpc';
       const cjs = createRequire(import.meta.url)('retryer');
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
