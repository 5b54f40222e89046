/** Shared inputs for the classifier tests: real-shaped errors and hostile values. */
import { Metadata } from '@grpc/grpc-js';
// The function grpc-js itself uses to turn a status into the error a client callback receives.
import { callErrorFromStatus } from '@grpc/grpc-js/build/src/call.js';
import type { Classifier, ClassifyContext, Verdict } from '../../../src/classify/verdict.js';

export const ctx: ClassifyContext = { attempt: 1, now: Date.UTC(2026, 10, 25, 12, 0, 0) };

/** A grpc-js `ServiceError` exactly as a client receives it. */
export function grpcError(code: number, details = 'test error', metadata = new Metadata()): Error {
  return callErrorFromStatus({ code, details, metadata }, 'test');
}

/** A grpc-js `Metadata` holding `entries`. */
export function metadata(entries: Record<string, string>): Metadata {
  const md = new Metadata();
  for (const [key, value] of Object.entries(entries)) md.set(key, value);
  return md;
}

/** An object every read of which throws. */
export function throwingProxy(): object {
  return new Proxy(
    {},
    {
      get() {
        throw new Error('trap: get');
      },
      has() {
        throw new Error('trap: has');
      },
      ownKeys() {
        throw new Error('trap: ownKeys');
      },
      getPrototypeOf() {
        throw new Error('trap: getPrototypeOf');
      },
    },
  );
}

/** An error whose getters throw. */
export function throwingGetters(): Error {
  const error = new Error('boom');
  for (const key of ['code', 'name', 'message', 'cause', 'details', 'metadata', 'status']) {
    Object.defineProperty(error, key, {
      get() {
        throw new Error(`getter ${key}`);
      },
    });
  }
  return error;
}

/** An error whose cause chain loops forever. */
export function cyclicError(extra: Record<string, unknown> = {}): Error {
  const a = Object.assign(new Error('a'), extra);
  const b = new Error('b', { cause: a });
  (a as { cause?: unknown }).cause = b;
  return a;
}

/** Values that are not errors at all, and objects that fight back. */
export const hostileInputs: ReadonlyArray<[string, () => unknown]> = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['a string', () => 'oops'],
  ['a number', () => 14],
  ['a symbol', () => Symbol('x')],
  ['a bigint', () => 14n],
  ['a function', () => () => 1],
  ['an empty object', () => ({})],
  ['a throwing Proxy', throwingProxy],
  ['an error with throwing getters', throwingGetters],
  ['a cyclic cause chain', () => cyclicError()],
  ['a frozen error', () => Object.freeze(new Error('frozen'))],
];

/** The first verdict of `chain`, as a Retryer takes it; `undefined` when every classifier abstains. */
export function firstVerdict(chain: readonly Classifier[], error: unknown): Verdict | undefined {
  for (const classifier of chain) {
    const verdict = classifier(error, ctx);
    if (verdict !== undefined) return verdict;
  }
  return undefined;
}
