/**
 * gRPC errors: recognised by shape (an integer `code` 0–16 with `details` or `metadata`), retried
 * when their code is in a preset, with the server's `grpc-retry-pushback-ms` as a delay hint.
 */
import { causeChain, readProperty } from '../inspect.js';
import type { Classifier, Verdict } from '../verdict.js';
import { GRPC_CODE, GRPC_CODE_NAMES, isGrpcCode } from './grpc-codes.js';
import { readHeaderValue } from './headers.js';
import { intSetOption } from './int-set-option.js';
import { withDelay } from './with-delay.js';

/**
 * Which gRPC status codes to retry. Pick by what the method and the server promise:
 * - `standard` = [UNAVAILABLE]: safe for every method (AIP-194); the default.
 * - `cosi` = [INTERNAL]: the COSI sidecar's conservative rule, where drivers report transient
 *   backend failures as INTERNAL and UNAVAILABLE means "tell the controller now".
 * - `idempotent` = [UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED]: for methods that are safe to repeat
 *   even when the first call may have taken effect.
 *
 * @example
 * ```ts
 * new Retryer({ classifiers: [grpcClassifier({ retryableCodes: grpcPresets.idempotent })] });
 * ```
 * @see https://google.aip.dev/194 (AIP-194: automatic retry configuration)
 * @see https://github.com/kubernetes-sigs/container-object-storage-interface (COSI sidecar)
 * @public
 */
export const grpcPresets: {
  /** UNAVAILABLE only: safe for every method (AIP-194); the default. */
  readonly standard: readonly number[];
  /** INTERNAL only: the COSI sidecar's rule. */
  readonly cosi: readonly number[];
  /** UNAVAILABLE, DEADLINE_EXCEEDED and ABORTED: for idempotent methods only. */
  readonly idempotent: readonly number[];
} = /* @__PURE__ */ presets();

/** Built in a function: a bundler drops a pure call it does not need, not a module statement. */
function presets(): typeof grpcPresets {
  const { UNAVAILABLE, INTERNAL, DEADLINE_EXCEEDED, ABORTED } = GRPC_CODE;
  return Object.freeze({
    standard: Object.freeze([UNAVAILABLE]),
    cosi: Object.freeze([INTERNAL]),
    idempotent: Object.freeze([UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED]),
  });
}

/**
 * Options of {@link grpcClassifier}.
 *
 * @public
 */
export interface GrpcClassifierOptions {
  /** The status codes to retry; every other gRPC code fails at once. @defaultValue `grpcPresets.standard` */
  readonly retryableCodes?: readonly number[] | undefined;
}

/** The header a gRPC server uses to push back on retries (gRPC A6). */
const PUSHBACK_HEADER = 'grpc-retry-pushback-ms';

/** Pushbacks are clamped here, so that a huge one still ends the run rather than overflow. */
const MAX_DELAY = 9_007_199_254_740_991; // Number.MAX_SAFE_INTEGER, as a literal a bundler can drop

/**
 * Parses a `grpc-retry-pushback-ms` value (a string, a number, or grpc-js's list of values): a
 * non-negative integer is a delay in ms; anything else present (negative, fractional, empty,
 * garbage) means the server says **do not retry**; absent is `undefined`.
 *
 * @example
 * ```ts
 * parsePushback(['250']); // { delayMs: 250 }
 * parsePushback('-1');    // 'stop'
 * parsePushback([]);      // undefined
 * ```
 * @see https://github.com/grpc/proposal/blob/master/A6-client-retries.md#pushback
 * @internal The parser behind {@link grpcClassifier}'s pushback; not exported from `retrywise`.
 */
export function parsePushback(value: unknown): { delayMs: number } | 'stop' | undefined {
  let raw = value;
  if (Array.isArray(raw)) {
    if (readProperty(raw, 'length') === 0) return undefined;
    raw = readProperty(raw, 0);
  }
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'number') {
    return Number.isInteger(raw) && raw >= 0 ? { delayMs: Math.min(raw, MAX_DELAY) } : 'stop';
  }
  if (typeof raw !== 'string') return 'stop';
  const text = raw.trim();
  if (!/^\d{1,20}$/.test(text)) return 'stop';
  return { delayMs: Math.min(Number(text), MAX_DELAY) };
}

/** The nearest link of the cause chain shaped like a gRPC error, with its code. */
function findGrpcError(error: unknown): { link: object; code: number } | undefined {
  for (const link of causeChain(error)) {
    const code = readProperty(link, 'code');
    if (!isGrpcCode(code)) continue;
    const details = readProperty(link, 'details');
    const metadata = readProperty(link, 'metadata');
    if (typeof details === 'string' || (typeof metadata === 'object' && metadata !== null)) {
      return { link: link as object, code };
    }
  }
  return undefined;
}

/**
 * Classifies gRPC errors by status code; abstains on anything not shaped like one. A retryable
 * code is retried, with `grpc-retry-pushback-ms` from the error's metadata as a delay hint; a
 * negative or malformed pushback means do not retry (gRPC A6). Every other code fails at once,
 * whatever its details say.
 *
 * @param options - `retryableCodes`, one of {@link grpcPresets} or your own list.
 * @throws TypeError or RangeError naming `retryableCodes` when it is not a list of codes 0–16.
 * @example
 * ```ts
 * const retryer = new Retryer({ classifiers: [grpcClassifier({ retryableCodes: grpcPresets.cosi })] });
 * ```
 * @see https://github.com/grpc/proposal/blob/master/A6-client-retries.md
 * @public
 */
export function grpcClassifier(options: GrpcClassifierOptions = {}): Classifier {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`grpcClassifier options must be an object, got ${typeof options}`);
  }
  const { retryableCodes } = options;
  const codes = retryableCodes === undefined ? grpcPresets.standard : retryableCodes;
  const retryable = intSetOption('retryableCodes', codes, 0, GRPC_CODE_NAMES.length - 1);
  return (error) => {
    const found = findGrpcError(error);
    if (found === undefined) return undefined;
    const name = `grpc ${GRPC_CODE_NAMES[found.code]}`;
    const throttled = found.code === GRPC_CODE.RESOURCE_EXHAUSTED;
    // Marked even when not retried: an AdaptiveThrottle counts it as load shedding.
    if (!retryable.has(found.code)) {
      return throttled
        ? { retryable: false, reason: name, throttled }
        : { retryable: false, reason: name };
    }
    const metadata = readProperty(found.link, 'metadata');
    const pushback = parsePushback(readHeaderValue(metadata, PUSHBACK_HEADER));
    if (pushback === 'stop') {
      return { retryable: false, reason: `${name}, server pushback: do not retry` };
    }
    const verdict: Verdict = throttled
      ? { retryable: true, reason: name, throttled }
      : { retryable: true, reason: name };
    return pushback === undefined ? verdict : withDelay(verdict, pushback.delayMs);
  };
}
