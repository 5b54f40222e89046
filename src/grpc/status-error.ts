/** A failed attempt's status as an error, shaped like the errors grpc-js hands to callers. */
import { type StatusObject, status } from '@grpc/grpc-js';

/**
 * What a failed attempt looks like to classifiers and hooks: an `Error` with the attempt's
 * `code`, `details` and trailing `metadata` (where `grpc-retry-pushback-ms` lives), and the message
 * grpc-js gives its own call errors (`'14 UNAVAILABLE: try again'`). Callers never see it: they
 * get grpc-js's own error for the final status.
 */
export class GrpcStatusError extends Error implements StatusObject {
  readonly code: StatusObject['code'];
  readonly details: string;
  readonly metadata: StatusObject['metadata'];

  constructor(result: StatusObject) {
    super(`${result.code} ${status[result.code] ?? 'UNKNOWN'}: ${result.details}`);
    this.name = 'GrpcStatusError';
    this.code = result.code;
    this.details = result.details;
    this.metadata = result.metadata;
  }
}
