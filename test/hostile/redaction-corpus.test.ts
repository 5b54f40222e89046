/**
 * No secret reaches a log line or an event's text: every shape of the corpus is thrown in every
 * way an operation throws it (message, name, a thrown string, a plain object), and every line a
 * logger or `lineLogger` writes, and every text field of `onRetry`/`onGiveUp`/`onSuccess`,
 * `retryInfo` and `retryStats`, is searched for it. Events pass the user's error itself (`error`,
 * `errors`): those are the user's own objects, never redacted and never mutated.
 */
import { describe, expect, it } from 'vitest';
import {
  type Classifier,
  defaultClassifiers,
  type LogFields,
  lineLogger,
  nonRetryable,
  Retryer,
  retryable,
  retryInfo,
  retryStats,
} from '../../src/index.js';
import { redact } from '../../src/observe/redact.js';
import { FakeClock } from '../../src/testing/index.js';
import { ORDINARY_TEXTS, SECRET_CORPUS, type SecretCase } from './secret-corpus.js';

/** The ways a secret-bearing text arrives as a failure. */
const THROWN: [string, (text: string) => unknown][] = [
  ['an Error message', (text) => new Error(`request failed: ${text}`)],
  ['an Error name', (text) => Object.assign(new Error('failed'), { name: text })],
  ['a thrown string', (text) => `failed: ${text}`],
  ['a plain object message', (text) => ({ message: text, code: 'EUPSTREAM' })],
  ['a cause', (text) => new TypeError('fetch failed', { cause: new Error(text) })],
];

/** Echoes the error text as its reason: the worst a custom classifier can do. */
const echo: Classifier = (error) => ({
  retryable: true,
  reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
});

/** Everything a run writes or tells, as text: log lines, and the text of its events. */
async function everythingTold(failure: unknown, mode: 'retry' | 'permanent' | 'recover') {
  const told: string[] = [];
  const record = (level: string) => (message: string, fields: LogFields) =>
    told.push(`${level} ${message} ${JSON.stringify(fields)}`);
  const structured = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  const lines = lineLogger({ write: (line) => told.push(line), now: () => 0 });
  const both = {
    debug: (m: string, f: LogFields) => {
      structured.debug(m, f);
      lines.debug?.(m, f);
    },
    info: (m: string, f: LogFields) => {
      structured.info(m, f);
      lines.info?.(m, f);
    },
    warn: (m: string, f: LogFields) => {
      structured.warn(m, f);
      lines.warn?.(m, f);
    },
    error: (m: string, f: LogFields) => {
      structured.error(m, f);
      lines.error?.(m, f);
    },
  };
  // The user's own error values travel as they are: every other field is text retrywise made.
  const eventText = (event: object) =>
    told.push(JSON.stringify({ ...event, error: undefined, errors: undefined }));
  const stats = retryStats();
  const clock = new FakeClock();
  const retryer = new Retryer({
    clock,
    maxAttempts: 3,
    classifiers: [echo, ...defaultClassifiers()],
    logger: both,
    onRetry: (event) => {
      eventText(event);
      stats.hooks.onRetry(event);
    },
    onGiveUp: (event) => {
      eventText(event);
      stats.hooks.onGiveUp(event);
    },
    onSuccess: (event) => {
      eventText(event);
      stats.hooks.onSuccess(event);
    },
  });
  let calls = 0;
  const run = retryer
    .run(() => {
      calls++;
      if (mode === 'permanent') throw nonRetryable(failure);
      if (mode === 'recover' && calls === 3) return 'ok';
      throw retryable(failure);
    })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  await clock.runAll();
  const rejected = await run;
  if (rejected !== undefined) {
    const info = retryInfo(rejected);
    told.push(JSON.stringify({ ...info, errors: undefined }));
  }
  told.push(JSON.stringify(stats.snapshot()));
  return told;
}

function expectNoSecret(told: readonly string[], { secrets }: SecretCase) {
  const all = told.join('\n');
  for (const secret of secrets) expect(all).not.toContain(secret);
}

describe(`the redaction corpus: ${SECRET_CORPUS.length} secret shapes`, () => {
  it.each(SECRET_CORPUS)('redact masks $shape', (c) => {
    const out = redact(c.text);
    for (const secret of c.secrets) expect(out).not.toContain(secret);
    expect(out).toContain('***');
    if (c.masked !== undefined) expect(out).toBe(c.masked);
  });

  it.each(SECRET_CORPUS)('redact masks $shape in the middle of a longer text', (c) => {
    const out = redact(`first line\n${c.text}\nand after it: the end`);
    for (const secret of c.secrets) expect(out).not.toContain(secret);
    expect(out.startsWith('first line\n')).toBe(true);
    if (c.masksToEnd) expect(out).toMatch(/\*\*\*$/);
    else expect(out.endsWith('\nand after it: the end')).toBe(true);
  });

  describe.each(THROWN)('thrown as %s', (_how, make) => {
    it.each(SECRET_CORPUS)('no log line or event text carries $shape (retried)', async (c) => {
      const told = await everythingTold(make(c.text), 'retry');
      expect(told.length).toBeGreaterThan(4);
      expectNoSecret(told, c);
    });

    it.each(SECRET_CORPUS)('no log line or event text carries $shape (permanent)', async (c) => {
      expectNoSecret(await everythingTold(make(c.text), 'permanent'), c);
    });

    it.each(SECRET_CORPUS)('no log line or event text carries $shape (recovered)', async (c) => {
      expectNoSecret(await everythingTold(make(c.text), 'recover'), c);
    });
  });

  it('leaves the user error untouched: events pass the error itself, unredacted', async () => {
    const text = SECRET_CORPUS[0]?.text as string;
    const error = Object.freeze(new Error(text));
    const seen: unknown[] = [];
    const clock = new FakeClock();
    const run = new Retryer({
      clock,
      maxAttempts: 2,
      classifiers: [echo],
      logger: lineLogger({ write: () => {}, now: () => 0 }),
      onRetry: (event) => seen.push(event.error),
      onGiveUp: (event) => seen.push(event.error, ...event.errors),
    })
      .run(() => {
        throw error;
      })
      .catch((e: unknown) => e);
    await clock.runAll();
    expect(await run).toBe(error);
    expect(error.message).toBe(text);
    expect(seen.every((e) => e === error)).toBe(true);
  });
});

describe('redaction keeps ordinary text', () => {
  it.each(ORDINARY_TEXTS)('%s comes through unchanged', (text) => {
    expect(redact(text)).toBe(text);
  });

  it.each(ORDINARY_TEXTS)('%s reaches the log line unchanged', async (text) => {
    const told = await everythingTold(new Error(text), 'retry');
    expect(told.some((line) => line.includes(`error=Error: ${text}`))).toBe(true);
  });
});
