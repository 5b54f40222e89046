/**
 * A {@link RetryLogger} that writes one text line per event:
 * `[2026-01-21 14:30:00] WARN: operation failed, retrying | operation=…`.
 */

import { ignoreRejection } from '../classify/inspect.js';
import { optionalFunction, typeName } from '../policy/validate.js';
import { systemClock } from '../time/clock.js';
import type { LogFields, RetryLogger } from './events.js';

/**
 * Options of {@link lineLogger}.
 *
 * @public
 */
export interface LineLoggerOptions {
  /** Where lines go. @defaultValue console.log */
  readonly write?: ((line: string) => unknown) | undefined;
  /** The time stamped on each line, in ms since the epoch. @defaultValue systemClock.now */
  readonly now?: (() => number) | undefined;
}

/** `k=v` pairs, undefined fields left out. Field values are already redacted by retrywise. */
function formatFields(fields: LogFields): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) pairs.push(`${key}=${String(value)}`);
  }
  return pairs.join(', ');
}

function stamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * A logger for `RetryOptions.logger` that prints one text line per event, made to be grepped
 * (`grep "retrying"`, `grep "failed after.*attempts"`).
 *
 * @example
 * ```ts
 * const retryer = new Retryer({ logger: lineLogger(), name: 'S3 upload' });
 * // [2026-01-21 14:30:00] WARN: operation failed, retrying | operation=S3 upload, attempt=1, …
 * ```
 * @public
 */
export function lineLogger(options: LineLoggerOptions = {}): RetryLogger {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`lineLogger options must be an object, got ${typeName(options)}`);
  }
  const write =
    optionalFunction<(line: string) => unknown>('write', options.write) ??
    ((line: string) => console.log(line));
  const now = optionalFunction<() => number>('now', options.now) ?? systemClock.now;
  const line =
    (level: string) =>
    (message: string, fields: LogFields): void => {
      const rest = formatFields(fields);
      // An async sink that rejects (a full disk) must not become an unhandled rejection.
      ignoreRejection(
        write(`[${stamp(now())}] ${level}: ${message}${rest === '' ? '' : ` | ${rest}`}`),
      );
    };
  return Object.freeze({
    debug: line('DEBUG'),
    info: line('INFO'),
    warn: line('WARN'),
    error: line('ERROR'),
  });
}
