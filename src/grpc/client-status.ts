/**
 * Statuses made on the client, for the ends no server reported: a cancel, an attempt timeout, a
 * deadline reached before an attempt, a call that could not be made. Each matches what grpc-js
 * itself reports in that case, with empty trailers.
 */
import { Metadata, status } from '@grpc/grpc-js';
import { describeError } from '../classify/inspect.js';
import { AttemptTimeoutError } from '../run/attempt-timeout-error.js';
import { GrpcStatusError } from './status-error.js';
import type { AttemptRecord } from './types.js';

/** Fails `record` with a status made on the client; returns the error classifiers see. */
export function failWith(record: AttemptRecord, code: status, details: string): GrpcStatusError {
  record.status = { code, details, metadata: new Metadata() };
  record.error = new GrpcStatusError(record.status);
  return record.error;
}

/** The status an attempt is cancelled with when its signal aborts for `reason`. */
export function cancelStatus(reason: unknown): [status, string] {
  if (reason instanceof GrpcStatusError) return [reason.code, reason.details];
  if (reason instanceof AttemptTimeoutError) return [status.DEADLINE_EXCEEDED, reason.message];
  return [status.CANCELLED, 'Cancelled on client'];
}

/**
 * What the caller hears when a run ended with `error`: the last attempt when it is that attempt's
 * error, else a status for it (`abortReason` is the retryer's own signal's reason, if aborted).
 */
export function finalRecord(
  error: unknown,
  last: AttemptRecord | undefined,
  abortReason: unknown,
): AttemptRecord {
  if (last?.error !== undefined && last.error === error) return last;
  const record: AttemptRecord = { messages: [] };
  if (error instanceof AttemptTimeoutError) {
    failWith(record, status.DEADLINE_EXCEEDED, error.message);
  } else if (abortReason !== undefined && error === abortReason) {
    failWith(record, status.CANCELLED, `Cancelled: ${describeError(error)}`);
  } else {
    failWith(record, status.UNKNOWN, describeError(error));
  }
  return record;
}
