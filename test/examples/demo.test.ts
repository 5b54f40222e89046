import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

describe('npm run demo (examples/demo.ts)', () => {
  it('shows retries, classification and give-ups against its fault-injecting server', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'examples/demo.ts'],
      { cwd: root, timeout: 30_000 },
    );
    const lines = stdout.split('\n');
    const section = (title: string): string => {
      const start = lines.findIndex((l) => l.startsWith(title));
      expect(start, `scenario "${title}" printed`).toBeGreaterThanOrEqual(0);
      const end = lines.findIndex((l, i) => i > start && /^\d\. /.test(l));
      return lines.slice(start, end === -1 ? undefined : end).join('\n');
    };
    expect(section('1.')).toMatch(/✔ "ok" after 3 server hits/);
    expect(section('2.')).toMatch(/retry in 3\d\d ms[\s\S]*✔ "ok" after 2 server hits/);
    expect(section('3.')).toMatch(/(ECONNRESET|UND_ERR_SOCKET)[\s\S]*✔ "ok" after 2 server hits/);
    expect(section('4.')).toMatch(
      /give up \(non-retryable\)[\s\S]*1 attempt, reason non-retryable, 1 server hits/,
    );
    expect(section('5.')).toMatch(/4 attempts, reason attempts, 4 server hits/);
    expect(section('6.')).toMatch(/1 attempt, reason hint-too-long, 1 server hits/);
    expect(section('7.')).toMatch(/aborted while waiting[\s\S]*reason aborted/);
  });
});
