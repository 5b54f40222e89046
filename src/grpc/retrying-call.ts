/**
 * A unary call under a retry policy. It buffers what the caller sends, runs the attempts through
 * the core's attempt loop, and replays to the caller the one attempt that ended the run — or,
 * when the caller cancels, the status grpc-js reports for a cancel — exactly once.
 */
import { Metadata, type StatusObject, status } from '@grpc/grpc-js';
import { AttemptTimeoutError } from '../attempt-timeout-error.js';
import type { AttemptContext } from '../events.js';
import { describeError } from '../inspect.js';
import { nonRetryable } from '../markers.js';
import type { Policy } from '../options.js';
import { executeRun } from '../run.js';
import { type AttemptRecord, failWith, runAttempt } from './attempt.js';
import { deadlineOn, isPast } from './deadline.js';
import type { CallLayer, CallListener, MessageContext } from './types.js';

/** Implements grpc-js's `InterceptingCallInterface` for one unary call. */
export class RetryingUnaryCall implements CallLayer {
  readonly #policy: Policy;
  readonly #newCall: () => CallLayer;
  readonly #deadlineMs: number;
  readonly #controller = new AbortController();
  readonly #messages: { context: MessageContext; message: unknown }[] = [];
  #unused: CallLayer | undefined;
  #current: CallLayer | undefined;
  #metadata: Metadata | undefined;
  #listener: CallListener | undefined;
  #started = false;
  #running = false;
  #last: AttemptRecord | undefined;
  #final: AttemptRecord | undefined;

  /**
   * `first` is the first attempt's call, made when the interceptor ran, so that a call that
   * cannot be made fails there as it would without the interceptor; `newCall` makes the others.
   * `deadlineMs` is the call's deadline in epoch ms (`Infinity` for none).
   */
  constructor(policy: Policy, first: CallLayer, newCall: () => CallLayer, deadlineMs: number) {
    this.#policy = policy;
    this.#unused = first;
    this.#newCall = newCall;
    this.#deadlineMs = deadlineMs;
  }

  start(metadata: Metadata, listener?: CallListener): void {
    this.#metadata = metadata;
    this.#listener = listener;
    this.#started = true;
    if (this.#final !== undefined) this.#deliver(this.#final);
  }

  sendMessageWithContext(context: MessageContext, message: unknown): void {
    this.#messages.push({ context, message });
  }

  sendMessage(message: unknown): void {
    this.sendMessageWithContext({}, message);
  }

  /** Each attempt reads its own response: grpc-js starts reading unary responses itself. */
  startRead(): void {}

  /** The request is complete: run the attempts. */
  halfClose(): void {
    if (this.#running || this.#final !== undefined) return;
    this.#running = true;
    const request = { metadata: this.#metadata ?? new Metadata(), messages: this.#messages };
    const operation = (ctx: AttemptContext): Promise<unknown> => {
      const record: AttemptRecord = { messages: [] };
      this.#last = record;
      if (ctx.attempt > 1 && isPast(this.#deadlineMs)) {
        // No attempt starts after the deadline: it fails as grpc-js fails it, without a call.
        const error = failWith(record, status.DEADLINE_EXCEEDED, 'Deadline exceeded');
        return Promise.reject(nonRetryable(error));
      }
      let call: CallLayer;
      try {
        call = this.#unused ?? this.#newCall();
      } catch (thrown) {
        // A call that cannot be made (a closed channel) will not be made on a retry either.
        return Promise.reject(
          nonRetryable(failWith(record, status.UNKNOWN, describeError(thrown))),
        );
      }
      this.#unused = undefined;
      this.#current = call;
      return runAttempt(call, request, ctx.attempt, ctx.signal, record);
    };
    executeRun(this.#policy, operation, {
      signal: this.#controller.signal,
      deadlineAt: deadlineOn(this.#policy.clock, this.#deadlineMs),
    }).then(
      () => this.#finish(this.#last ?? { messages: [] }),
      (error: unknown) => this.#finish(this.#recordOf(error)),
    );
  }

  /** `call.cancel()`: reported at once, even mid-backoff; the attempt in flight is cancelled. */
  cancelWithStatus(code: status, details: string): void {
    if (this.#final !== undefined) return;
    const record: AttemptRecord = { messages: [] };
    failWith(record, code, details);
    this.#finish(record);
    this.#controller.abort(record.error);
    this.#unused?.cancelWithStatus(code, details);
    this.#unused = undefined;
  }

  getPeer(): string {
    return (this.#current ?? this.#unused)?.getPeer() ?? '';
  }

  getAuthContext(): ReturnType<CallLayer['getAuthContext']> {
    return (this.#current ?? this.#unused)?.getAuthContext() ?? null;
  }

  /** What to replay for the error the run ended with: its attempt, or a status made for it. */
  #recordOf(error: unknown): AttemptRecord {
    const last = this.#last;
    if (last?.error !== undefined && last.error === error) return last;
    const record: AttemptRecord = { messages: [] };
    if (error instanceof AttemptTimeoutError) {
      failWith(record, status.DEADLINE_EXCEEDED, error.message);
    } else if (this.#policy.signal?.aborted && error === this.#policy.signal.reason) {
      failWith(record, status.CANCELLED, `Cancelled: ${describeError(error)}`);
    } else {
      failWith(record, status.UNKNOWN, describeError(error));
    }
    return record;
  }

  #finish(record: AttemptRecord): void {
    if (this.#final !== undefined) return;
    this.#final = record;
    if (this.#started) this.#deliver(record);
  }

  /** Replays `record` on the next tick, as grpc-js reports statuses, so a throwing callback
   * surfaces as it would without the interceptor. */
  #deliver(record: AttemptRecord): void {
    const listener = this.#listener;
    process.nextTick(() => {
      if (record.headers !== undefined) listener?.onReceiveMetadata?.(record.headers);
      for (const message of record.messages) listener?.onReceiveMessage?.(message);
      listener?.onReceiveStatus?.(record.status as StatusObject);
    });
  }
}
