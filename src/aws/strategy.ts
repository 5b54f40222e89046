/**
 * `awsRetryStrategy`: a Retryer in the AWS SDK v3 `retryStrategy` slot (`RetryStrategyV2`). The
 * SDK owns the request loop and asks the strategy after each failure; the answer comes from
 * `retryer.next()`, so classification, backoff, hints, limits, budget, hooks and logs are those
 * of `run()`. Structural types only: nothing here imports the SDK.
 *
 * @see https://github.com/smithy-lang/smithy-typescript/blob/main/packages/types/src/retry.ts
 */
import { readProperty } from '../classify/inspect.js';
import { retryable } from '../classify/markers.js';
import { reportGiveUp, reportLocalRejection, reportSuccess } from '../observe/report.js';
import type { Policy } from '../policy/options.js';
import { nextStepOf, policyOf, type Retryer } from '../retryer.js';
import type { RetryState } from '../step.js';
import { namedPolicies, runNamePlugin } from './run-name.js';
import type { AwsRetryErrorInfo, AwsRetryStrategy, AwsRetryToken } from './types.js';

/** A token for one `send()`: the `RetryState` of `retryer.next()`, plus what the SDK reads. */
class Token implements AwsRetryToken {
  readonly #state: RetryState;
  /** The retryer's policy, named after the command when the run-name middleware is in place. */
  readonly #policy: Policy;
  /** Read by the SDK to report the time slept in `$metadata.totalRetryDelay`. */
  readonly $retryLog: { readonly acquisitionDelay: number };

  constructor(state: RetryState, sleptMs: number, policy: Policy) {
    this.#state = state;
    this.#policy = policy;
    this.$retryLog = { acquisitionDelay: sleptMs };
  }

  static stateOf(token: unknown): RetryState {
    if (typeof token === 'object' && token !== null && #state in token) return token.#state;
    throw new TypeError('expected a retry token made by awsRetryStrategy');
  }

  static policyOf(token: unknown): Policy {
    if (typeof token === 'object' && token !== null && #policy in token) return token.#policy;
    throw new TypeError('expected a retry token made by awsRetryStrategy');
  }

  getRetryCount(): number {
    return this.#state.attempt;
  }

  getRetryDelay(): number {
    return 0;
  }
}

/** `true` when the SDK corrected its clock offset after this error: the re-signed retry can succeed. */
function clockSkewCorrected(error: unknown): boolean {
  return readProperty(readProperty(error, '$metadata'), 'clockSkewCorrected') === true;
}

/**
 * Asks the retryer's throttle, if any, before the SDK sends attempt `attempts + 1`: a call it
 * rejects throws a `ThrottledLocallyError`, which the SDK passes to the caller.
 */
function admit(policy: Policy, attempts: number, elapsedMs: number, errors: unknown[]): void {
  const { throttle } = policy;
  if (throttle === undefined || throttle.allow()) return;
  throw reportLocalRejection(policy, throttle, { attempts, elapsedMs, name: policy.name }, errors);
}

/**
 * A `RetryStrategyV2` for the AWS SDK v3 `retryStrategy` client option, driven by `retryer`: its
 * classifiers decide what is retried (whatever the SDK's `errorType` says; errors after which the
 * SDK corrected its clock skew are retried too), its schedule and server hints
 * (`x-amz-retry-after`, `Retry-After`) how long to wait, and its `maxAttempts` is the total number
 * of requests per `send()`. Its budget, `maxElapsedMs`, `signal`, hooks and logger apply as in
 * `run()`. The strategy sleeps on the retryer's clock and hands the SDK a zero delay.
 *
 * When the retryer gives up, the SDK rethrows its own error (with `$metadata.attempts`);
 * `retryInfo(error)` tells why. Streaming bodies are never retried by the SDK: reopen the stream
 * in `retryer.run()` instead (see docs/aws.md). One strategy can serve any number of clients.
 *
 * Events and log lines carry the retryer's `name`; a retryer without one names each run after
 * its command (`'PutObject'`) once the strategy is also on the client's middleware stack
 * (`client.middlewareStack.use(strategy)`): the SDK tells a retry strategy nothing about the
 * command, so a small middleware passes its name on.
 *
 * @example
 * ```ts
 * import { S3Client } from '@aws-sdk/client-s3';
 * import { Retryer } from 'retrywise';
 * import { awsRetryStrategy } from 'retrywise/aws';
 *
 * const retryer = new Retryer({ maxAttempts: 5, initialDelayMs: 100 });
 * const strategy = awsRetryStrategy(retryer);
 * const s3 = new S3Client({ region: 'eu-west-1', retryStrategy: strategy });
 * s3.middlewareStack.use(strategy); // optional: runs named after the command ('PutObject')
 * ```
 * @throws TypeError for a hedging Retryer (`hedgeDelayMs`): the SDK sends one attempt at a time.
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 * @public
 */
export function awsRetryStrategy(retryer: Retryer): AwsRetryStrategy {
  const policy = policyOf(retryer);
  if (policy.hedgeDelayMs !== undefined) {
    throw new TypeError(
      'awsRetryStrategy cannot hedge: the SDK sends one attempt at a time; give it a Retryer without hedgeDelayMs',
    );
  }
  const named = namedPolicies(policy);
  const nextStep = nextStepOf(retryer);
  return Object.freeze({
    async acquireInitialRetryToken(retryTokenScope: string): Promise<AwsRetryToken> {
      if (policy.signal?.aborted) throw policy.signal.reason;
      admit(policy, 0, 0, []);
      return new Token(
        { attempt: 0, firstAttemptAt: policy.clock.now() },
        0,
        named(retryTokenScope),
      );
    },

    /** Resolves after the delay with the next token, or throws to stop (the SDK rethrows its error). */
    async refreshRetryTokenForRetry(
      token: AwsRetryToken,
      errorInfo: AwsRetryErrorInfo,
    ): Promise<AwsRetryToken> {
      const state = Token.stateOf(token);
      const policy = Token.policyOf(token);
      const error = readProperty(errorInfo, 'error');
      const step = nextStep(policy, clockSkewCorrected(error) ? retryable(error) : error, state);
      if (!step.retry) throw error;
      try {
        await policy.clock.sleep(step.delayMs, policy.signal);
      } catch (sleepError) {
        if (policy.signal?.aborted) {
          // Aborted during the delay: a give-up, as in `run()`.
          const { attempt: attempts, firstAttemptAt } = step.state;
          const elapsedMs = policy.clock.now() - firstAttemptAt;
          const event = {
            attempts,
            error,
            reason: 'aborted',
            elapsedMs,
            name: policy.name,
          } as const;
          reportGiveUp(policy, event, [error]);
        }
        throw sleepError;
      }
      const { attempt, firstAttemptAt } = step.state;
      admit(policy, attempt, policy.clock.now() - firstAttemptAt, [error]);
      return new Token(step.state, step.delayMs, policy);
    },

    /** Never throws: the SDK would count a throw here as a failed attempt. */
    recordSuccess(token: AwsRetryToken): void {
      try {
        const state = Token.stateOf(token);
        const policy = Token.policyOf(token);
        const elapsedMs = policy.clock.now() - state.firstAttemptAt;
        reportSuccess(policy, { attempts: state.attempt + 1, elapsedMs, name: policy.name });
      } catch {
        // A broken budget or clock must not turn a success into a failure.
      }
    },

    applyToStack: runNamePlugin,
  });
}
