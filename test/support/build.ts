/**
 * The package as tsup builds it (ESM `.js` and CJS `.cjs`, no type declarations), for tests that
 * must run the shipped code rather than the sources. Built at most once per state of the sources:
 * the output goes to `node_modules/.cache/retrywise-build/<hash of src, tsup.config.ts and
 * package.json>/`, so every test file and worker of a run (and later runs, until a source
 * changes) shares one build. A build is written beside its final folder and renamed into place,
 * so concurrent workers never see half of one.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'tsup';
import tsupConfig from '../../tsup.config.js';

const root = resolve(import.meta.dirname, '..', '..');
const cacheDir = join(root, 'node_modules', '.cache', 'retrywise-build');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** A hash of everything the build reads. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const files = [
    ...filesUnder(join(root, 'src')),
    join(root, 'tsup.config.ts'),
    join(root, 'package.json'),
  ];
  for (const file of files.sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

let built: Promise<string> | undefined;

/** The folder holding `index.js`, `index.cjs`, `testing.js`, `testing.cjs`, … of the current sources. */
export function builtPackage(): Promise<string> {
  built ??= (async () => {
    const outDir = join(cacheDir, sourceHash());
    if (existsSync(join(outDir, 'package.json'))) return outDir;
    const staging = `${outDir}.${process.pid}.${Date.now()}`;
    mkdirSync(staging, { recursive: true });
    await build({
      ...(tsupConfig as object),
      config: false,
      outDir: staging,
      dts: false,
      clean: false,
      silent: true,
    });
    // `.js` is ESM only under a package.json that says so.
    writeFileSync(join(staging, 'package.json'), '{ "type": "module" }\n');
    try {
      renameSync(staging, outDir);
    } catch {
      // Another worker got there first: its build is the same.
      rmSync(staging, { recursive: true, force: true });
    }
    return outDir;
  })();
  return built;
}
