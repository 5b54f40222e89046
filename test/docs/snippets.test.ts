/**
 * Every TypeScript sample in docs/ compiles against the real API, and every sample that is a
 * vitest test passes. Samples are extracted to a scratch folder, with `retrywise` and
 * `retrywise/{testing,grpc,aws,azure}` imports pointed at `src/`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const DOCS = readdirSync(join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .sort();

interface Sample {
  readonly doc: string;
  readonly file: string;
  readonly code: string;
}

/** The ```ts blocks of a markdown file; a first line `// name.ts` names the file. */
function samples(doc: string, markdown: string): Sample[] {
  const base = doc.replace(/\.md$/, '');
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match, i) => {
    const code = match[1] ?? '';
    const named = /^\/\/ ([\w.-]+\.ts)\n/.exec(code)?.[1];
    const isTest = /from 'vitest'/.test(code);
    return { doc, file: named ?? `${base}-${i + 1}${isTest ? '.test' : ''}.ts`, code };
  });
}

const run = promisify(execFile);
let dir: string;
let all: Sample[];

beforeAll(() => {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(root, '.tmp', 'docs-'));
  const src = relative(dir, join(root, 'src'));
  all = DOCS.flatMap((doc) => samples(doc, readFileSync(join(root, 'docs', doc), 'utf8')));
  for (const sample of all) {
    const code = sample.code
      .replace(/from 'retrywise\/(testing|grpc|aws|azure)'/g, `from '${src}/$1/index.js'`)
      .replaceAll("from 'retrywise'", `from '${src}/index.js'`);
    writeFileSync(join(dir, sample.file), code);
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: relative(dir, join(root, 'tsconfig.json')), include: ['*.ts'] }),
  );
  writeFileSync(
    join(dir, 'vitest.config.mjs'),
    "export default { test: { include: ['*.test.ts'], testTimeout: 10000 } };\n",
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment without the outer vitest's own variables. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST'));
  return { ...Object.fromEntries(env), NO_COLOR: '1', FORCE_COLOR: '0' };
}

describe('docs samples', () => {
  it('are found in the guides', () => {
    for (const doc of ['getting-started.md', 'testing.md', 'grpc.md', 'aws.md', 'azure.md']) {
      expect(all.filter((s) => s.doc === doc).length, doc).toBeGreaterThan(0);
    }
    expect(all.length).toBeGreaterThan(20);
    expect(new Set(all.map((s) => s.file)).size, 'sample file names are unique').toBe(all.length);
  });

  it('type-check against the real API', async () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '--noEmit', '-p', dir]).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
    );
    expect(result.stdout).toBe('');
  }, 60_000);

  it('that are vitest tests pass', async () => {
    const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
    const tests = all.filter((s) => s.file.endsWith('.test.ts')).length;
    const args = [vitest, 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs')];
    const result = await run(process.execPath, args, { env: cleanEnv() }).catch(
      (error: { stdout?: string; stderr?: string }) => ({
        stdout: `${error.stdout ?? ''}${error.stderr ?? String(error)}`,
      }),
    );
    expect(result.stdout).toMatch(new RegExp(`Test Files\\s+${tests} passed`));
    expect(result.stdout).not.toMatch(/failed|Unhandled/i);
  }, 60_000);
});
