import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const files = ['src/aws', 'src/azure'].flatMap((dir) =>
  readdirSync(dir).map((name) => join(dir, name)),
);

describe('the cloud adapters', () => {
  it.each(files)(
    '%s imports nothing but the package itself (structural SDK types only)',
    (file) => {
      const specifiers = [
        ...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from\s+'([^']+)'/gm),
      ].map((m) => m[1]);
      expect(specifiers.filter((s) => !s?.startsWith('.'))).toEqual([]);
    },
  );
});
