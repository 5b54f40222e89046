import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('retryInfo', () => {
  it('still records the give-up, and the run still rejects with its error, when globalThis is frozen', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', resolve(import.meta.dirname, '../support/frozen-global.mjs')],
      { timeout: 20_000 },
    );
    expect(JSON.parse(stdout)).toEqual({ same: true, reason: 'non-retryable' });
  });
});
