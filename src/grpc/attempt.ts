/**
 * One attempt of a unary call: start a fresh call with a copy of the caller's metadata, send the
 * same messages, half-close, and record everything the attempt receives, so that the attempt
 * that ends the run can be replayed to the caller exactly as it arrived.
 */
import { type Metadata, type StatusObject, status } from '@grpc/grpc-js';
import { cancelStatus } from './client-status.js';
import { GrpcStatusError } from './status-error.js';
import type { AttemptRecord, BufferedRequest, CallLayer } from './types.js';

/** gRPC A6: tells the server how many attempts came before this one. */
const PREVIOUS_ATTEMPTS_KEY = 'grpc-previous-rpc-attempts';

/**
 * Runs attempt `attempt` (counting from 1) of `request` on `call`, recording into `record`.
 * Resolves with the response message on OK, rejects with a {@link GrpcStatusError} otherwise.
 * When `signal` aborts (cancel, attempt timeout), the call is cancelled at once.
 */
export function runAttempt(
  call: CallLayer,
  request: BufferedRequest,
  attempt: number,
  signal: AbortSignal,
  record: AttemptRecord,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      const [code, details] = cancelStatus(signal.reason);
      call.cancelWithStatus(code, details);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    call.start(attemptMetadata(request.metadata, attempt), {
      onReceiveMetadata(metadata: Metadata): void {
        record.headers = metadata;
      },
      onReceiveMessage(message: unknown): void {
        record.messages.push(message);
      },
      onReceiveStatus(result: StatusObject): void {
        signal.removeEventListener('abort', onAbort);
        record.status = result;
        if (result.code === status.OK) {
          resolve(record.messages[record.messages.length - 1] ?? null);
          return;
        }
        record.error = new GrpcStatusError(result);
        reject(record.error);
      },
    });
    for (const { context, message } of request.messages) {
      // A write callback belongs to the caller's one write: only the first attempt reports it.
      call.sendMessageWithContext(attempt === 1 ? context : { flags: context.flags }, message);
    }
    call.halfClose();
    if (signal.aborted) onAbort();
  });
}

/** A copy of the caller's metadata for one attempt; retries say how many came before (A6). */
function attemptMetadata(metadata: Metadata, attempt: number): Metadata {
  const copy = metadata.clone();
  if (attempt > 1) copy.set(PREVIOUS_ATTEMPTS_KEY, String(attempt - 1));
  return copy;
}
