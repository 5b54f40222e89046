/**
 * A unary call under a retry policy. It buffers what the caller sends, runs the attempts through
 * the core's attempt loop, and replays to the caller the one attempt that ended the run — or,
 * when the caller cancels, the status grpc-js reports for a cancel — exactly once.
 */
import { Metadata, type StatusObject, status } from '@grpc/grpc-js';
import { describeError } from '../classify/inspect.js';
import { nonRetryable } from '../classify/markers.js';
import type { AttemptContext } from '../observe/events.js';
import type { Policy } from '../policy/options.js';
import { executeRun } from '../run/run.js';
import { runAttempt } from './attempt.js';
import { failWith, finalRecord } from './client-status.js';
import { deadlineOn, isPast } from './deadline.js';
import type {
  AttemptRecord,
  CallLayer,
  CallListener,
  MessageContext,
  ParentCall,
} from './types.js';

/** What one retrying call is made of. */
export interface CallSetup {
  readonly policy: Policy;
  /** The first attempt's call, made when the interceptor ran, so that it throws there. */
  readonly first: CallLayer;
  /** Makes the call of each further attempt. */
  readonly newCall: () => CallLayer;
  /** The call's deadline in epoch ms (`Infinity` for none). */
  readonly deadlineMs: number;
  /** The run's name in events and logs: the retryer's, or the method path. */
  readonly name: string;
  /** A server call whose cancellation cancels this one (grpc-js `parent` + CANCELLATION). */
  readonly parent: ParentCall | undefined;
}

/** Implements grpc-js's `InterceptingCallInterface` for one unary call. */
export class RetryingUnaryCall implements CallLayer {
  readonly #setup: CallSetup;
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
  readonly #onParentCancelled = (): void =>
    this.cancelWithStatus(status.CANCELLED, 'Cancelled by parent call');

  constructor(setup: CallSetup) {
    this.#setup = setup;
    this.#unused = setup.first;
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
    const { policy, deadlineMs, name, parent } = this.#setup;
    parent?.once('cancelled', this.#onParentCancelled);
    const request = { metadata: this.#metadata ?? new Metadata(), messages: this.#messages };
    const operation = (ctx: AttemptContext): Promise<unknown> => {
      const record: AttemptRecord = { messages: [] };
      this.#last = record;
      if (ctx.attempt > 1 && isPast(deadlineMs)) {
        // No attempt starts after the deadline: it fails as grpc-js fails it, without a call.
        const error = failWith(record, status.DEADLINE_EXCEEDED, 'Deadline exceeded');
        return Promise.reject(nonRetryable(error));
      }
      let call: CallLayer;
      try {
        call = this.#unused ?? this.#setup.newCall();
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
    const deadlineAt = deadlineOn(policy.clock, deadlineMs);
    executeRun(policy, operation, { signal: this.#controller.signal, name, deadlineAt }).then(
      () => this.#finish(this.#last ?? { messages: [] }),
      (error: unknown) => this.#finish(finalRecord(error, this.#last, abortReason(policy))),
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

  #finish(record: AttemptRecord): void {
    if (this.#final !== undefined) return;
    this.#final = record;
    this.#setup.parent?.removeListener('cancelled', this.#onParentCancelled);
    if (this.#started) this.#deliver(record);
  }

  /**
   * Replays `record` on the next tick, as grpc-js reports a status, so that a throwing callback
   * surfaces as it would without the interceptor.
   */
  #deliver(record: AttemptRecord): void {
    const listener = this.#listener;
    process.nextTick(() => {
      if (record.headers !== undefined) listener?.onReceiveMetadata?.(record.headers);
      for (const message of record.messages) listener?.onReceiveMessage?.(message);
      listener?.onReceiveStatus?.(record.status as StatusObject);
    });
  }
}

function abortReason(policy: Policy): unknown {
  return policy.signal?.aborted ? policy.signal.reason : undefined;
}
