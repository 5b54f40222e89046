/** The answer of a `retryIf` predicate, checked: it must be a boolean, synchronously. */
import { typeName } from '../policy/validate.js';
import { ignoreRejection, isThenable } from './inspect.js';

/**
 * Whether `retryIf` asks for another attempt after `value`. Throws what `retryIf` throws, and a
 * `TypeError` when it answers with anything but a boolean: a Promise (its rejection is swallowed;
 * `retryIf` decides synchronously) or a truthy/falsy stand-in, which would otherwise be read as
 * "do not retry" without a word.
 */
export function retryIfMatches(
  retryIf: ((result: unknown) => boolean) | undefined,
  value: unknown,
): boolean {
  if (retryIf === undefined) return false;
  const answer: unknown = retryIf(value);
  if (typeof answer === 'boolean') return answer;
  if (isThenable(answer)) {
    ignoreRejection(answer);
    throw new TypeError(
      'retryIf must return a boolean, got a Promise: retryIf decides synchronously from the value',
    );
  }
  throw new TypeError(`retryIf must return a boolean, got ${typeName(answer)}`);
}
