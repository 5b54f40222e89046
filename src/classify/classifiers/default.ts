/** The classifier chain every Retryer uses unless told otherwise. */
import type { Classifier } from '../verdict.js';
import { cloudThrottlingClassifier } from './cloud.js';
import { grpcClassifier } from './grpc.js';
import { httpClassifier } from './http.js';
import { networkClassifier } from './network.js';

/**
 * The default classifier chain, most specific signal first: gRPC status code
 * (`grpcPresets.standard`), cloud error code, HTTP status, network code or message. The first
 * verdict wins, so AWS's `ThrottlingException` with HTTP 400 is retried (the cloud code decides
 * before the status), and a gRPC `INVALID_ARGUMENT` whose details mention `ECONNREFUSED` is not
 * (the gRPC code decides before any message). A new array each call: extend it freely.
 *
 * @example
 * ```ts
 * const retryer = new Retryer({
 *   classifiers: [myClassifier, ...defaultClassifiers()],
 * });
 * ```
 * @see https://github.com/grpc/proposal/blob/master/A6-client-retries.md
 * @public
 */
export function defaultClassifiers(): Classifier[] {
  return [grpcClassifier(), cloudThrottlingClassifier(), httpClassifier(), networkClassifier()];
}
