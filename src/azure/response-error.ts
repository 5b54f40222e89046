/**
 * A response the Retry phase received with an error status, seen as an error so that the
 * retryer's classifiers can judge it like a thrown `RestError`: `statusCode`, `code` (from
 * `x-ms-error-code`), `headers` (delay hints) and the `response` itself.
 */
import { readProperty } from '../classify/inspect.js';
import type { AzurePipelineResponse } from './types.js';

/**
 * What `onRetry`/`onGiveUp` see for a retryable response in the Retry phase: an `Error` named
 * `ResponseError`. When the retryer gives up, the pipeline gets the response back, not this.
 */
export class ResponseError<R extends AzurePipelineResponse = AzurePipelineResponse> extends Error {
  readonly statusCode: number;
  /** The service's error code, from `x-ms-error-code`. */
  readonly code: string | undefined;
  /** The response headers as a plain object (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  declare readonly response: R;

  constructor(response: R) {
    const code = response.headers.get('x-ms-error-code') ?? undefined;
    super(`HTTP ${response.status}${code === undefined ? '' : ` ${code}`}`);
    this.name = 'ResponseError';
    this.statusCode = response.status;
    this.code = code;
    this.headers = response.headers.toJSON();
    // Not enumerable, like RestError's: keeps bodies and headers out of logs and inspection.
    Object.defineProperty(this, 'response', { value: response, enumerable: false });
  }
}

/** Releases the body of a response that will not be returned. */
export function discard(response: AzurePipelineResponse): void {
  call(response.readableStreamBody, 'destroy');
  const cancelled = call(response.browserStreamBody, 'cancel');
  if (cancelled instanceof Promise) cancelled.catch(() => {});
}

/** `target[method]()` if it is a method; never throws. */
function call(target: unknown, method: string): unknown {
  try {
    const fn = readProperty(target, method);
    return typeof fn === 'function' ? fn.call(target) : undefined;
  } catch {
    return undefined;
  }
}
