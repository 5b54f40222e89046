/**
 * From a grpc-js JSON service config to retrywise policies: one Retryer per `methodConfig`
 * entry with a `retryPolicy` (or `hedgingPolicy`), found per call by the method's path as
 * gRPC's service config matches names, with the config's `retryThrottling` as one shared
 * `RetryBudget`. Checked by name, as grpc-js checks it.
 */
import { RetryBudget } from '../budget/retry-budget.js';
import { grpcClassifier } from '../classify/classifiers/grpc.js';
import { GRPC_CODE } from '../classify/classifiers/grpc-codes.js';
import type { RetryOptions } from '../policy/retry-options.js';
import { Retryer } from '../retryer.js';

/**
 * Options of {@link retryersFromServiceConfig}.
 *
 * @public
 */
export interface ServiceConfigOptions {
  /**
   * The most attempts any policy may make; larger `maxAttempts` are lowered to it, as grpc-js
   * does (its `grpc-node.retry_max_attempts_limit` channel option).
   * @defaultValue 5
   */
  readonly maxAttemptsLimit?: number;
  /**
   * Options every Retryer made shares (hooks, `logger`, `signal`, `clock`, `random`); the
   * config's own settings win over these.
   */
  readonly base?: RetryOptions;
}

type Json = Record<string, unknown>;

/**
 * The retrywise equivalent of a grpc-js service config's retry settings: a function from a
 * method's path (`/pkg.Service/Method`) to its Retryer, or `undefined` for a method the config
 * gives no `retryPolicy` or `hedgingPolicy`. Pass it to {@link retryInterceptor} instead of one
 * Retryer, and give the channel no service-config retry policy.
 *
 * `retryPolicy` ↦ `maxAttempts` (lowered to `maxAttemptsLimit`, as grpc-js caps it at 5),
 * `initialBackoff` ↦ `initialDelayMs`, `maxBackoff` ↦ `maxDelayMs`, `backoffMultiplier` ↦
 * `multiplier`, `retryableStatusCodes` (numbers or names) ↦ a `grpcClassifier`, and A6's
 * jitter (`random(0, backoff)`) ↦ `jitter: 'full'`. `hedgingPolicy` ↦ `hedgeDelayMs` from
 * `hedgingDelay`, `nonFatalStatusCodes` as the retryable codes. `retryThrottling` ↦ one
 * `RetryBudget` shared by every method. Names match as in gRPC: `{ service, method }` exactly,
 * `{ service }` every method of the service, `{}` every method.
 *
 * @param serviceConfig - the service config, as an object or its JSON text.
 * @throws TypeError or RangeError naming the field, for a config grpc-js would reject.
 * @example
 * ```ts
 * import { credentials } from '@grpc/grpc-js';
 * import { retryClientOptions, retryersFromServiceConfig } from 'retrywise/grpc';
 *
 * const retryers = retryersFromServiceConfig({
 *   methodConfig: [
 *     {
 *       name: [{ service: 'retrywise.test.Provisioner' }],
 *       retryPolicy: {
 *         maxAttempts: 4,
 *         initialBackoff: '0.1s',
 *         maxBackoff: '1s',
 *         backoffMultiplier: 2,
 *         retryableStatusCodes: ['UNAVAILABLE'],
 *       },
 *     },
 *   ],
 * });
 * const client = new Provisioner('127.0.0.1:9000', credentials.createInsecure(), {
 *   ...retryClientOptions(retryers),
 * });
 * ```
 * @see https://github.com/grpc/proposal/blob/master/A6-client-retries.md
 * @public
 */
export function retryersFromServiceConfig(
  serviceConfig: string | object,
  options: ServiceConfigOptions = {},
): (methodPath: string) => Retryer | undefined {
  const config = (
    typeof serviceConfig === 'string' ? JSON.parse(serviceConfig) : serviceConfig
  ) as Json;
  const limit = options.maxAttemptsLimit ?? 5;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`maxAttemptsLimit must be an integer >= 1, got ${String(limit)}`);
  }
  const throttling = config.retryThrottling as Json | undefined;
  const budget =
    throttling === undefined
      ? undefined
      : new RetryBudget({
          maxTokens: throttling.maxTokens as number,
          tokenRatio: throttling.tokenRatio as number,
        });
  const byName = new Map<string, Retryer>();
  const entries = (config.methodConfig ?? []) as Json[];
  entries.forEach((entry, i) => {
    const at = `methodConfig[${i}]`;
    const retryer = retryerOf(entry, at, limit, { ...options.base, budget });
    if (retryer === undefined) return;
    for (const name of (entry.name ?? []) as Json[]) {
      const key = `${(name.service as string) ?? ''}/${(name.method as string) ?? ''}`;
      if (!byName.has(key)) byName.set(key, retryer); // the first entry naming it wins
    }
  });
  return (methodPath) => {
    const [, service = '', method = ''] = methodPath.split('/');
    return byName.get(`${service}/${method}`) ?? byName.get(`${service}/`) ?? byName.get('/');
  };
}

function retryerOf(
  entry: Json,
  at: string,
  limit: number,
  base: RetryOptions,
): Retryer | undefined {
  const retry = entry.retryPolicy as Json | undefined;
  const hedge = entry.hedgingPolicy as Json | undefined;
  if (retry !== undefined && hedge !== undefined) {
    throw new TypeError(`${at}: retryPolicy and hedgingPolicy cannot both be set`);
  }
  const policy = retry ?? hedge;
  if (policy === undefined) return undefined;
  const kind = retry === undefined ? 'hedgingPolicy' : 'retryPolicy';
  const path = `${at}.${kind}`;
  const maxAttempts = policy.maxAttempts;
  if (!Number.isInteger(maxAttempts) || (maxAttempts as number) < 2) {
    throw new RangeError(`${path}.maxAttempts must be an integer >= 2, got ${String(maxAttempts)}`);
  }
  const codes = policy[retry === undefined ? 'nonFatalStatusCodes' : 'retryableStatusCodes'];
  const options: RetryOptions = {
    ...base,
    maxAttempts: Math.min(maxAttempts as number, limit),
    classifiers: [
      grpcClassifier({ retryableCodes: statusCodes(codes, path, retry !== undefined) }),
    ],
  };
  if (retry === undefined) {
    return new Retryer({
      ...options,
      hedgeDelayMs: durationMs(policy.hedgingDelay ?? '0s', `${path}.hedgingDelay`),
    } as RetryOptions);
  }
  const multiplier = retry.backoffMultiplier;
  if (typeof multiplier !== 'number' || !(multiplier > 0)) {
    throw new RangeError(
      `${path}.backoffMultiplier must be a number > 0, got ${String(multiplier)}`,
    );
  }
  return new Retryer({
    ...options,
    initialDelayMs: durationMs(retry.initialBackoff, `${path}.initialBackoff`),
    maxDelayMs: durationMs(retry.maxBackoff, `${path}.maxBackoff`),
    // A6 lets the multiplier be below 1; retrywise's schedule grows or stays flat.
    multiplier: Math.max(1, multiplier),
    jitter: 'full', // A6: random(0, current backoff)
  });
}

/** A protobuf JSON duration (`'0.1s'`) in ms. */
function durationMs(value: unknown, path: string): number {
  if (typeof value !== 'string' || !/^\d+(\.\d{1,9})?s$/.test(value)) {
    throw new TypeError(`${path} must be a duration like '0.1s', got ${String(value)}`);
  }
  return Number(value.slice(0, -1)) * 1000;
}

/** Status codes by number or name (`14`, `'UNAVAILABLE'`). */
function statusCodes(value: unknown, path: string, required: boolean): number[] {
  const name = path + (required ? '.retryableStatusCodes' : '.nonFatalStatusCodes');
  if (!Array.isArray(value) || (required && value.length === 0)) {
    if (!required && value === undefined) return [];
    throw new TypeError(`${name} must be a non-empty array of status codes`);
  }
  return value.map((code: unknown) => {
    const known =
      typeof code === 'string'
        ? GRPC_CODE[code.toUpperCase() as keyof typeof GRPC_CODE]
        : (code as number);
    if (!Number.isInteger(known) || known < 0 || known > 16) {
      throw new RangeError(`${name} has an unknown status code: ${String(code)}`);
    }
    return known;
  });
}
