/**
 * Log injection: a control character in any text that reaches a log line — an error's message or
 * name, a run's name, a classifier's reason — cannot forge a line. `lineLogger` writes exactly one
 * line per event, and every string field a logger is given is free of control characters (`\n`
 * arrives as the two characters `\` `n`).
 */
import { describe, expect, it } from 'vitest';
import {
  type Classifier,
  type LogFields,
  lineLogger,
  Retryer,
  retryable,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';

const FORGED =
  '[2026-01-21T14:30:00.000Z] INFO: operation succeeded after retry | operation=payments';
/** Every kind of line break and terminal control a log viewer may act on. */
const BREAKS = ['\n', '\r\n', '\r', '\u2028', '\u2029', '\u0085', '\u000b', '\u000c'];
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const echo: Classifier = (error) => ({
  retryable: true,
  reason: error instanceof Error ? error.message : String(error),
});

async function logged(failure: unknown, name: string) {
  const lines: string[] = [];
  const fields: LogFields[] = [];
  const messages: string[] = [];
  const text = lineLogger({ write: (line) => lines.push(line), now: () => 0 });
  const structured = (level: 'warn' | 'error' | 'info') => (message: string, f: LogFields) => {
    messages.push(message);
    fields.push(f);
    text[level]?.(message, f);
  };
  const clock = new FakeClock();
  const done = new Retryer({
    clock,
    maxAttempts: 2,
    classifiers: [echo],
    logger: { warn: structured('warn'), error: structured('error'), info: structured('info') },
  })
    .run(
      () => {
        throw retryable(failure);
      },
      { name },
    )
    .catch(() => undefined);
  await clock.runAll();
  await done;
  return { lines, fields, messages };
}

describe('log injection', () => {
  it.each(BREAKS.map((b) => [JSON.stringify(b), b]))(
    'a %s in an error message cannot forge an INFO … succeeded line',
    async (_, lineBreak) => {
      const { lines } = await logged(new Error(`boom${lineBreak}${FORGED}`), 'payments');
      // One warn line for the retry, one error line for the give-up: nothing else.
      expect(lines).toHaveLength(2);
      for (const line of lines) {
        expect(line).not.toMatch(CONTROL);
        expect(line.startsWith('[1970-01-01T00:00:00.000Z] ')).toBe(true);
      }
      // biome-ignore lint/suspicious/noControlCharactersInRegex: every line break is the point
      const breaks = /\r\n|[\n\r\u2028\u2029\u0085\u000b\u000c]/;
      expect(lines.join('\n').split(breaks)).toHaveLength(2);
      expect(lines[0]).toContain('boom\\');
    },
  );

  it('escapes \\n as the two characters \\ and n, so the text stays readable', async () => {
    const { lines } = await logged(new Error(`boom\n${FORGED}`), 'payments');
    expect(lines[0]).toContain(`error=Error: boom\\n${FORGED}`);
  });

  it.each([
    ['an error name', () => Object.assign(new Error('x'), { name: `Boom\n${FORGED}` }), 'run'],
    ['a thrown string', () => `boom\r\n${FORGED}`, 'run'],
    ['a run name', () => new Error('x'), `payments\n${FORGED}`],
    ['ANSI escape sequences', () => new Error('\u001b[2J\u001b[1;1Hcleared'), 'run'],
    ['bidi overrides (Trojan Source)', () => new Error('ok \u202e]gnp.exe'), 'run'],
    ['a NUL byte', () => new Error('a\u0000b'), 'run'],
  ])('%s cannot put a control character into any logged field', async (_, make, name) => {
    const { lines, fields, messages } = await logged(make(), name);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toMatch(CONTROL);
    for (const message of messages) expect(message).not.toMatch(CONTROL);
    for (const f of fields) {
      for (const value of Object.values(f)) {
        if (typeof value === 'string') expect(value).not.toMatch(CONTROL);
      }
    }
  });

  it('lineLogger escapes what it is given directly too: message, keys and values', () => {
    const out: string[] = [];
    const logger = lineLogger({ write: (line) => out.push(line), now: () => 0 });
    logger.warn?.(`hello\n${FORGED}`, { 'k\ney': `v\r\n${FORGED}` });
    expect(out).toHaveLength(1);
    expect(out[0]).not.toMatch(CONTROL);
    expect(out[0]).toBe(
      `[1970-01-01T00:00:00.000Z] WARN: hello\\n${FORGED} | k\\ney=v\\r\\n${FORGED}`,
    );
  });
});
