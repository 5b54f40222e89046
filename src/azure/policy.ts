/**
 * `azureRetryPolicy`: a Retryer as an `@azure/core-rest-pipeline` `PipelinePolicy`. Each attempt
 * calls the rest of the pipeline (signing included, so every retry is re-signed); a thrown error
 * or an error response is judged by the retryer's classifiers and retried on its schedule, by the
 * same loop as `run()`. Structural types only: nothing here imports the Azure SDK.
 */

import { readProperty } from '../classify/inspect.js';
import { retryable } from '../classify/markers.js';
import { recordRetryInfo, retryInfo } from '../observe/retry-info.js';
import { policyOf, type Retryer } from '../retryer.js';
import { NEVER_ABORTED } from '../run/attempt.js';
import { executeRun } from '../run/run.js';
import { discard, ResponseError } from './response-error.js';
import type { AzurePipelineRequest, AzurePipelineResponse, AzureRetryPolicy } from './types.js';

/**
 * The name of every {@link azureRetryPolicy} in a pipeline, for `removePolicy({ name })`. Names
 * must be unique in a pipeline: add one such policy per pipeline.
 *
 * @example
 * ```ts
 * pipeline.removePolicy({ name: AZURE_RETRY_POLICY_NAME });
 * ```
 * @public
 */
export const AZURE_RETRY_POLICY_NAME = 'retrywiseRetryPolicy';

/** A raw stream is used up by the first attempt: such a request is sent once. */
function isStream(body: unknown): boolean {
  return (
    typeof readProperty(body, 'pipe') === 'function' ||
    typeof readProperty(body, 'getReader') === 'function'
  );
}

/** The pipeline's per-try `request.timeout` fired (an `AbortError` while nobody aborted). */
function perTryTimeout(
  error: unknown,
  request: AzurePipelineRequest,
  signal: AbortSignal,
): boolean {
  return readProperty(error, 'name') === 'AbortError' && request.timeout > 0 && !signal.aborted;
}

function noop(): void {}

/**
 * A native `AbortSignal` that follows `like` (`AbortSignal.any` accepts no look-alikes), and how
 * to stop following it: a long-lived look-alike must not keep one listener per request.
 */
function nativeSignal(
  like: AzurePipelineRequest['abortSignal'],
): [AbortSignal | undefined, () => void] {
  if (like === undefined || like instanceof AbortSignal) return [like, noop];
  const controller = new AbortController();
  if (like.aborted) {
    controller.abort(like.reason);
    return [controller.signal, noop];
  }
  const follow = (): void => controller.abort(like.reason);
  like.addEventListener('abort', follow, { once: true });
  return [controller.signal, () => like.removeEventListener('abort', follow)];
}

/**
 * The last response of a run that gave up on it, for the pipeline to turn into a `RestError`.
 * That error is made later, outside the policy, from this response and `request`: the run's
 * history is recorded against both, and `retryInfo(restError)` finds it through the error's
 * `response` or `request`.
 */
function givenUp<Res extends AzurePipelineResponse>(
  failed: ResponseError<Res>,
  request: object,
): Res {
  const info = retryInfo(failed);
  if (info !== undefined) {
    recordRetryInfo(failed.response, info);
    recordRetryInfo(request, info);
  }
  return failed.response;
}

/**
 * An `@azure/core-rest-pipeline` policy that retries with `retryer`. In the Retry phase
 * (`pipeline.addPolicy(policy, { phase: 'Retry' })`, after removing the SDK's own retry policy)
 * it sees raw responses: error statuses go through the retryer's classifiers (429, 503 and
 * `x-ms-error-code: ServerBusy` retry; hints `retry-after-ms`, `x-ms-retry-after-ms`,
 * `Retry-After` count), and when it gives up it returns the last response for the pipeline to
 * turn into a `RestError` (and `retryInfo(restError)` tells why it stopped). As a `perCall` policy (`additionalPolicies`, SDK retries off) it sees
 * and retries thrown `RestError`s. Network errors and the per-try timeout are retried in both
 * places; a request whose body is a raw stream is sent once (give a stream factory instead).
 *
 * @example
 * ```ts
 * const policy = azureRetryPolicy(new Retryer({ maxAttempts: 5, initialDelayMs: 200 }));
 * pipeline.removePolicy({ phase: 'Retry' });
 * pipeline.addPolicy(policy, { phase: 'Retry' });
 * ```
 * @throws TypeError for a hedging Retryer (`hedgeDelayMs`): the SDK sends one attempt at a time.
 * @see https://learn.microsoft.com/azure/architecture/best-practices/retry-service-specific
 * @public
 */
export function azureRetryPolicy(retryer: Retryer): AzureRetryPolicy {
  const policy = policyOf(retryer);
  if (policy.hedgeDelayMs !== undefined) {
    throw new TypeError(
      'azureRetryPolicy cannot hedge: a pipeline request is one object, sent one attempt at a time; give it a Retryer without hedgeDelayMs',
    );
  }
  return Object.freeze({
    name: AZURE_RETRY_POLICY_NAME,
    async sendRequest<Req extends AzurePipelineRequest, Res extends AzurePipelineResponse>(
      request: Req,
      next: (request: Req) => Promise<Res>,
    ): Promise<Res> {
      if (isStream(request.body)) return next(request);
      const original = request.abortSignal;
      const [signal, unfollow] = nativeSignal(original);
      let failed: ResponseError<Res> | undefined;
      try {
        return await executeRun(
          policy,
          async ({ signal }) => {
            if (failed !== undefined) discard(failed.response);
            failed = undefined;
            // Abort this attempt's I/O with the run (and attemptTimeoutMs), through a signal of its own.
            request.abortSignal =
              signal === NEVER_ABORTED || signal === original
                ? original
                : AbortSignal.any([signal]);
            let response: Res;
            try {
              response = await next(request);
            } catch (error) {
              throw perTryTimeout(error, request, signal) ? retryable(error) : error;
            }
            if (response.status < 400) return response;
            failed = new ResponseError(response);
            throw failed;
          },
          { signal },
        );
      } catch (error) {
        if (failed !== undefined) {
          if (error === failed) return givenUp(failed, request);
          discard(failed.response);
        }
        throw error;
      } finally {
        request.abortSignal = original;
        unfollow();
      }
    },
  });
}
