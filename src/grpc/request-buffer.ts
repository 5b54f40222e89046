/**
 * The request messages a call keeps for replay until it commits (gRPC A6), with the byte limits
 * that commit it: one per call, one shared by every call of an interceptor. Sizes are the
 * serialized sizes, as grpc-js counts them.
 */
import type { MessageContext } from './types.js';

/** The buffer limits of one interceptor, and the bytes its calls hold now. */
export interface SharedBuffer {
  readonly perCallBytes: number;
  readonly totalBytes: number;
  usedBytes: number;
}

/** One message the caller wrote: a snapshot for replays, and the caller's write callback. */
export interface BufferedMessage {
  readonly context: MessageContext;
  /** The snapshot that retries write. */
  message: unknown;
  /** The caller's own message, which the first attempt writes. */
  readonly original: unknown;
  bytes: number;
  /** The caller's write callback has run (by whichever attempt wrote the message first). */
  reported: boolean;
}

/** grpc-js's defaults: `grpc.per_rpc_retry_buffer_size` 1 MiB, `grpc.retry_buffer_size` 16 MiB. */
const DEFAULT_PER_CALL_BYTES = 1 << 20;
const DEFAULT_TOTAL_BYTES = 16 << 20;

/** The shared buffer for the options of `retryInterceptor`, checked by name. */
export function sharedBuffer(
  perCallBufferBytes: number = DEFAULT_PER_CALL_BYTES,
  totalBufferBytes: number = DEFAULT_TOTAL_BYTES,
): SharedBuffer {
  return {
    perCallBytes: checked('perCallBufferBytes', perCallBufferBytes),
    totalBytes: checked('totalBufferBytes', totalBufferBytes),
    usedBytes: 0,
  };
}

function checked(name: string, value: number): number {
  if (typeof value !== 'number') {
    throw new TypeError(`retryInterceptor: ${name} must be a number, got ${typeof value}`);
  }
  if (!(value >= 0)) {
    throw new RangeError(`retryInterceptor: ${name} must be >= 0, got ${String(value)}`);
  }
  return value;
}

/** Calls the caller's write callback for `entry` once. */
export function report(entry: BufferedMessage): void {
  if (entry.reported) return;
  entry.reported = true;
  entry.context.callback?.();
}
