import { afterEach, describe, expect, it, vi } from 'vitest';
import { lineLogger, Retryer, retryable } from '../../src/index.js';
import { logText } from '../../src/observe/log-text.js';
import { FakeClock } from '../../src/testing/index.js';

const HOUR_MS = 3_600_000;

function collect(now?: () => number) {
  const out: string[] = [];
  const logger = lineLogger({ write: (line) => out.push(line), ...(now && { now }) });
  return { out, logger };
}

describe(`${lineLogger.name} time stamps`, () => {
  afterEach(() => vi.useRealTimers());

  it('stamps ISO 8601 UTC time with its zone marker', () => {
    const { out, logger } = collect(() => Date.UTC(2026, 0, 21, 14, 30, 0, 250));
    logger.info?.('hello', {});
    expect(out).toEqual(['[2026-01-21T14:30:00.250Z] INFO: hello']);
  });

  it.each([
    ['0', 0, '[1970-01-01T00:00:00.000Z]'],
    ['a small number', 5, '[1970-01-01T00:00:00.005Z]'],
    ['a negative number', -1000, '[1969-12-31T23:59:59.000Z]'],
  ])('prints a line for a time of %s', (_, ms, stamp) => {
    const { out, logger } = collect(() => ms);
    logger.warn?.('hello', { a: 1 });
    expect(out).toEqual([`${stamp} WARN: hello | a=1`]);
  });

  it.each([
    ['NaN', () => Number.NaN],
    ['Infinity', () => Number.POSITIVE_INFINITY],
    ['a time past the year 275760', () => 9e15],
    ['a string', () => '12' as unknown as number],
    [
      'a throwing function',
      () => {
        throw new Error('clock down');
      },
    ],
  ])('never drops a line: %s prints [invalid time]', (_, now) => {
    const { out, logger } = collect(now);
    logger.error?.('hello', {});
    expect(out).toEqual(['[invalid time] ERROR: hello']);
  });

  it('prints every line with a FakeClock, read as clock.now() or passed as clock.now', async () => {
    const clock = new FakeClock({ now: Date.UTC(2026, 0, 21, 14, 30) });
    const read = collect(() => clock.now());
    const passed = collect(clock.now);
    for (const { logger } of [read, passed]) {
      const done = new Retryer({ clock, maxAttempts: 2, logger })
        .run(() => {
          throw retryable(new Error('busy'));
        })
        .catch(() => undefined);
      await clock.runAll();
      await done;
    }
    expect(read.out).toHaveLength(2);
    expect(read.out[0]).toMatch(/^\[2026-01-21T14:30:00\.000Z\] WARN: operation failed, retrying/);
    // A detached method may not work without its object; the line is printed all the same.
    expect(passed.out).toHaveLength(2);
    expect(passed.out[1]).toMatch(/^\[[^\]]+\] ERROR: operation failed after 2 attempts/);
  });

  it('reads the wall clock by default: a log line shows the time of day, even after a step', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 21, 14, 30) });
    const { out, logger } = collect();
    logger.info?.('before', {});
    vi.setSystemTime(Date.UTC(2026, 0, 21, 14, 30) + HOUR_MS);
    logger.info?.('after', {});
    expect(out).toEqual([
      '[2026-01-21T14:30:00.000Z] INFO: before',
      '[2026-01-21T15:30:00.000Z] INFO: after',
    ]);
  });
});

describe(`${lineLogger.name} sinks`, () => {
  it('a write that throws never breaks the run', async () => {
    const clock = new FakeClock();
    let writes = 0;
    const logger = lineLogger({
      write: () => {
        writes++;
        throw new Error('disk full');
      },
      now: () => 0,
    });
    let calls = 0;
    const run = new Retryer({ clock, logger }).run(() => {
      calls++;
      if (calls < 3) throw retryable(new Error('busy'));
      return 'ok';
    });
    await clock.runAll();
    await expect(run).resolves.toBe('ok');
    expect(writes).toBe(3);
  });

  it('a write that rejects never breaks the run nor leaves an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const clock = new FakeClock();
      const logger = lineLogger({
        write: () => Promise.reject(new Error('sink down')),
        now: () => 0,
      });
      const run = new Retryer({ clock, logger, maxAttempts: 2 }).run(() => {
        throw retryable(new Error('busy'));
      });
      const settled = run.catch((e: unknown) => e);
      await clock.runAll();
      expect(await settled).toBeInstanceOf(Error);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('the error text of a log line', () => {
  it('is cut at 2048 characters, with a marker that says how long it was', () => {
    const text = `${'x '.repeat(3000)}end`;
    const out = logText(text);
    expect(out).toBe(`${text.slice(0, 2048)}…[cut, ${text.length} chars]`);
  });

  it('is kept whole up to 2048 characters', () => {
    const text = 'y'.repeat(2048);
    expect(logText(text)).toBe(text);
  });

  it('carries the length of a 10 MB message, and no more than 2048 of its characters', () => {
    const text = `=${'a.'.repeat(5_000_000)}`;
    const out = logText(text);
    expect(out.endsWith('…[cut, 10000001 chars]')).toBe(true);
    expect(out.length).toBeLessThanOrEqual(2048 + '…[cut, 10000001 chars]'.length);
  });

  it('never shows part of a secret that the 8 KiB read would split', () => {
    // A masked value shrinks the first 8 KiB to a few characters, so that the secret that starts
    // inside the part that is read, and ends past it, would land in the line.
    for (const secret of ['ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8', 'AKIA2OGYBAH6STMMNXNN']) {
      for (let shift = 2; shift < secret.length; shift++) {
        const masked = `token=${'v'.repeat(8192 - shift - 7)} `;
        const shown = logText(`${masked}${secret} and more`);
        expect(shown.startsWith('token=***')).toBe(true);
        expect(shown).not.toContain(secret.slice(0, shift));
      }
    }
  });

  it('is not cut inside a surrogate pair', () => {
    const text = `${'a'.repeat(2047)}😀${'b'.repeat(10)}`;
    const out = logText(text);
    expect(out.startsWith(`${'a'.repeat(2047)}…`)).toBe(true);
  });
});
