/** Every subpath of package.json `exports` is built, documented and has an API report. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import tsup from '../../tsup.config.js';

const root = join(import.meta.dirname, '..', '..');
const read = <T>(file: string): T => JSON.parse(readFileSync(join(root, file), 'utf8')) as T;
const { name, exports } = read<{ name: string; exports: Record<string, unknown> }>('package.json');
const subpaths = Object.keys(exports)
  .filter((key) => key !== './package.json')
  .map((key) => key.slice(2));

describe.each(subpaths)('the entry point %j', (subpath) => {
  const source = subpath === '' ? 'src/index.ts' : `src/${subpath}/index.ts`;

  it('is an entry of the typedoc site', () => {
    expect(read<{ entryPoints: string[] }>('typedoc.json').entryPoints).toContain(source);
  });

  it('has a committed API report', () => {
    const report = subpath === '' ? name : `${name}-${subpath}`;
    expect(existsSync(join(root, 'etc', `${report}.api.md`))).toBe(true);
  });

  it('is built by tsup from its index.ts', () => {
    const { entry } = tsup as { entry: Record<string, string> };
    expect(Object.values(entry)).toContain(source);
  });
});
