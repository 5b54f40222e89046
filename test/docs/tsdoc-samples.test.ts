/**
 * Every ```ts sample in a TSDoc comment of src/ and in README.md compiles against the real API.
 * Each sample becomes the body of a function in a scratch file that can see: what its own file
 * exports, everything `retrywise` and its subpaths export, and the declared stand-ins below for
 * the context a sample takes for granted (`url`, `retryer`, …). A sample's own declarations
 * shadow the stand-ins.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const srcDir = join(root, 'src');

/** What samples may take for granted; each one is declared only where a sample does not. */
const STAND_INS = `
interface Job { readonly state: 'pending' | 'done'; readonly id: string }
declare const url: string;
declare const id: string;
declare const signal: AbortSignal;
declare const err: unknown;
declare const retryer: Retryer;
declare const saved: { state: RetryState };
declare const api: { getUser(id: string): Promise<{ id: string; name: string }> };
declare const pipeline: import('@azure/core-rest-pipeline').Pipeline;
declare const channel: import('@grpc/grpc-js').ChannelCredentials;
declare const expect: typeof import('vitest').expect;
declare const error: { metadata?: unknown; $response?: { headers?: unknown } };
declare const now: number;
declare const clock: Clock;
declare function requeueAfter(delayMs: number, state: RetryState): unknown;
declare function fetchJson(url: string): Promise<unknown>;
declare function getJob(id: string): Promise<Job>;
declare function upload(): Promise<void>;
declare function callService(): Promise<unknown>;
declare function flakyOperation(): Promise<unknown>;
declare const myClassifier: Classifier;
declare const res: Response;
declare const path: string;
declare function existsSync(path: string): boolean;
declare const Provisioner: new (
  address: string,
  credentials: import('@grpc/grpc-js').ChannelCredentials,
  options?: import('@grpc/grpc-js').ClientOptions,
) => { DriverCreateBucket(request: object, options: object, callback: (e: unknown) => void): void };
declare function callback(error: unknown, value?: unknown): void;
`;

interface Sample {
  readonly from: string;
  readonly file: string;
  readonly code: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The ```ts blocks inside the `/** … *\/` comments of a source file, comment stars removed. */
function tsdocSamples(path: string): Sample[] {
  const text = readFileSync(path, 'utf8');
  const name = relative(srcDir, path).replace(/\.ts$/, '').replaceAll('/', '-');
  const samples: Sample[] = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const lines = comment[0].split('\n').map((line) => line.replace(/^\s*\*(?: |$)/, ''));
    const body = lines.join('\n');
    for (const block of body.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
      const file = `tsdoc-${name}-${samples.length + 1}.ts`;
      samples.push({ from: relative(root, path), file, code: block[1] ?? '' });
    }
  }
  return samples;
}

function readmeSamples(): Sample[] {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((block, i) => ({
    from: 'README.md',
    file: `readme-${i + 1}.ts`,
    code: block[1] ?? '',
  }));
}

/** The names a module exports, split into values and types. */
function exportsOf(path: string): { values: Set<string>; types: Set<string> } {
  const text = readFileSync(path, 'utf8');
  const values = new Set<string>();
  const types = new Set<string>();
  for (const m of text.matchAll(/^export (type )?\{([^}]*)\}/gm)) {
    for (const item of (m[2] ?? '').split(',')) {
      const typeOnly = m[1] !== undefined || /^\s*type\s/.test(item);
      const named = item
        .replace(/^\s*type\s/, '')
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (named) (typeOnly ? types : values).add(named);
    }
  }
  for (const m of text.matchAll(/^export (?:declare )?(?:abstract )?(\w+) (\w+)/gm)) {
    const [, kind, named] = m;
    if (named === undefined) continue;
    if (kind === 'interface' || kind === 'type') types.add(named);
    else if (['function', 'class', 'const', 'let', 'enum'].includes(kind ?? '')) values.add(named);
  }
  return { values, types };
}

const ENTRIES: readonly [string, string][] = [
  ['index.ts', 'retrywise'],
  ['testing/index.ts', 'retrywise/testing'],
  ['grpc/index.ts', 'retrywise/grpc'],
  ['aws/index.ts', 'retrywise/aws'],
  ['azure/index.ts', 'retrywise/azure'],
];

function importLine(
  names: { values: Set<string>; types: Set<string> },
  taken: Set<string>,
  from: string,
) {
  const parts = [
    ...[...names.values].filter((n) => !taken.has(n)).map((n) => n),
    ...[...names.types].filter((n) => !taken.has(n)).map((n) => `type ${n}`),
  ];
  for (const part of parts) taken.add(part.replace(/^type /, ''));
  return parts.length === 0 ? '' : `import { ${parts.join(', ')} } from '${from}';\n`;
}

/** The scratch file of one sample. */
function scratch(sample: Sample, dir: string): string {
  const importLines = sample.code.match(/^import[\s\S]*?from '[^']+';$/gm) ?? [];
  let body = sample.code;
  for (const line of importLines) body = body.replace(line, '');
  const taken = new Set<string>();
  for (const line of importLines) {
    const names = /\{([^}]*)\}/.exec(line)?.[1] ?? /^import (?:type )?(\w+)/.exec(line)?.[1] ?? '';
    for (const n of names.split(','))
      taken.add(
        n
          .replace(/^\s*type\s/, '')
          .trim()
          .split(/\s+as\s+/)
          .pop() ?? '',
      );
  }
  const toSrc = (path: string) => {
    const rel = relative(dir, join(srcDir, path)).replace(/\.ts$/, '.js');
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  let head = importLines
    .map((line) =>
      line
        .replace(
          /from 'retrywise\/(testing|grpc|aws|azure)'/,
          (_m, sub) => `from '${toSrc(`${sub}/index.ts`)}'`,
        )
        .replace("from 'retrywise'", `from '${toSrc('index.ts')}'`),
    )
    .join('\n');
  head += '\n';
  if (sample.from.startsWith('src/')) {
    const own = exportsOf(join(root, sample.from));
    head += importLine(own, taken, toSrc(relative(srcDir, join(root, sample.from))));
  }
  for (const [entry, _name] of ENTRIES) {
    head += importLine(exportsOf(join(srcDir, entry)), taken, toSrc(entry));
  }
  const standIns = STAND_INS.split('\n')
    .filter((line) => {
      const named = /^declare (?:const|function) (\w+)/.exec(line)?.[1];
      return named === undefined || !taken.has(named);
    })
    .join('\n');
  return `${head}${standIns}\nexport async function sample() {\n${body}\n}\n`;
}

const run = promisify(execFile);
let dir: string;
let all: Sample[];

beforeAll(() => {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(root, '.tmp', 'tsdoc-'));
  all = [...sourceFiles(srcDir).sort().flatMap(tsdocSamples), ...readmeSamples()];
  for (const sample of all) writeFileSync(join(dir, sample.file), scratch(sample, dir));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: relative(dir, join(root, 'tsconfig.json')), include: ['*.ts'] }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TSDoc and README samples', () => {
  it('are found', () => {
    expect(all.filter((s) => s.from === 'README.md').length).toBeGreaterThan(0);
    for (const file of ['src/retryer.ts', 'src/classify/http-error.ts', 'src/retry.ts']) {
      expect(all.filter((s) => s.from === file).length, file).toBeGreaterThan(0);
    }
    expect(all.length).toBeGreaterThan(30);
  });

  it('type-check against the real API', async () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '--noEmit', '-p', dir]).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
    );
    // Name the source of each failing sample.
    const named = result.stdout.replace(/^(tsdoc-[\w.-]+|readme-\d+)\.ts/gm, (file) => {
      const sample = all.find((s) => s.file === file);
      return `${file} (${sample?.from})`;
    });
    expect(named).toBe('');
  }, 60_000);

  it('cite public sources only, and link public names only where the declaration is public', () => {
    const publicNames = new Set<string>();
    for (const [entry] of ENTRIES) {
      const { values, types } = exportsOf(join(srcDir, entry));
      for (const name of [...values, ...types]) publicNames.add(name);
    }
    const problems: string[] = [];
    for (const path of sourceFiles(srcDir)) {
      const file = relative(root, path);
      const text = readFileSync(path, 'utf8');
      for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
        const at = comment.index ?? 0;
        const invisible =
          /field notes?|connection[- ]retry guide|not a public|HyperSDK|seeds?\//i.exec(comment[0]);
        if (invisible) problems.push(`${file}: cites "${invisible[0]}"`);
        // The public declaration this comment documents or sits inside, if any.
        const before = text.slice(0, at);
        const opened = [...before.matchAll(/^export (?:declare )?(?:abstract )?\w+ (\w+)/gm)].pop();
        const inside = opened !== undefined && !/^}/m.test(before.slice(opened.index ?? 0));
        const next = /^export (?:declare )?(?:abstract )?\w+ (\w+)/m.exec(
          text.slice(at + comment[0].length).trimStart(),
        );
        const documented = next?.index === 0 ? next[1] : inside ? opened?.[1] : undefined;
        if (documented === undefined || !publicNames.has(documented)) continue;
        for (const link of comment[0].matchAll(/\{@link ([\w$]+)/g)) {
          if (!publicNames.has(link[1] ?? '')) {
            problems.push(`${file}: ${documented} links to unexported ${link[1]}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
