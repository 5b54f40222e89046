/**
 * A call of any kind under a retry policy, with gRPC A6's commit rule: until the call commits,
 * each attempt is a fresh call that gets the caller's metadata and messages as they were sent
 * (snapshots, replayed from a buffer), and the attempt that ends the run is replayed to the
 * caller once. A call commits when a streamed response message reaches the caller or its
 * buffered messages outgrow a limit; from then on it is that one attempt, passed straight
 * through (writes with the caller's own callback, so backpressure is the network's), and its
 * failure goes to the caller.
 */
import { Metadata, type StatusObject, status } from '@grpc/grpc-js';
import { describeError } from '../classify/inspect.js';
import { nonRetryable } from '../classify/markers.js';
import type { AttemptContext } from '../observe/events.js';
import { recordRetryInfo, retryInfo } from '../observe/retry-info.js';
import type { Policy } from '../policy/options.js';
import { executeRun } from '../run/run.js';
import { cancelStatus, failWith, finalRecord } from './client-status.js';
import { deadlineOn, isPast } from './deadline.js';
import { type BufferedMessage, report, type SharedBuffer } from './request-buffer.js';
import { snapshot } from './snapshot.js';
import { GrpcStatusError } from './status-error.js';
import type {
  AttemptRecord,
  CallLayer,
  CallListener,
  MessageContext,
  ParentCall,
} from './types.js';

/** gRPC A6: tells the server how many attempts came before this one. */
const PREVIOUS_ATTEMPTS_KEY = 'grpc-previous-rpc-attempts';

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
  /** The method streams its responses: the first one commits the call. */
  readonly responseStream: boolean;
  /** The method's request serializer: a message's size is its serialized size. */
  readonly serialize: (message: unknown) => { length: number };
  readonly buffer: SharedBuffer;
}

/** Implements grpc-js's `InterceptingCallInterface` for one call. */
export class RetryingCall implements CallLayer {
  readonly #setup: CallSetup;
  readonly #controller = new AbortController();
  #buffer: BufferedMessage[] = [];
  #bufferedBytes = 0;
  #unused: CallLayer | undefined;
  /** The attempt that is open now (none between attempts). */
  #live: LiveAttempt | undefined;
  /** The call that answers getPeer(): the last one made. */
  #peer: CallLayer | undefined;
  #metadata = new Metadata();
  #listener: CallListener | undefined;
  #halfClosed = false;
  #committed = false;
  #overLimit = false;
  /** A streamed response reached the caller: reads are the caller's from now on. */
  #streaming = false;
  #last: AttemptRecord | undefined;
  #final: AttemptRecord | undefined;
  readonly #onParentCancelled = (): void =>
    this.cancelWithStatus(status.CANCELLED, 'Cancelled by parent call');

  constructor(setup: CallSetup) {
    this.#setup = setup;
    this.#unused = setup.first;
    this.#peer = setup.first;
  }

  /** Snapshots the metadata and makes the first attempt. */
  start(metadata: Metadata, listener?: CallListener): void {
    this.#metadata = metadata.clone();
    this.#listener = listener;
    if (this.#final !== undefined) {
      this.#deliver(this.#final);
      return;
    }
    const { policy, deadlineMs, name, parent } = this.#setup;
    parent?.once('cancelled', this.#onParentCancelled);
    const deadlineAt = deadlineOn(policy.clock, deadlineMs);
    executeRun(policy, (ctx) => this.#attempt(ctx), {
      signal: this.#controller.signal,
      name,
      deadlineAt,
    }).then(
      () => this.#finish(this.#last ?? { messages: [] }),
      (error: unknown) => {
        const abortReason = policy.signal?.aborted ? policy.signal.reason : undefined;
        const record = finalRecord(error, this.#last, abortReason);
        const info = retryInfo(error);
        // The caller's error is grpc-js's, made from this status: it carries these trailers.
        if (info !== undefined && record.status) recordRetryInfo(record.status.metadata, info);
        this.#finish(record);
      },
    );
  }

  sendMessageWithContext(context: MessageContext, message: unknown): void {
    if (this.#final !== undefined) {
      context.callback?.();
      return;
    }
    const entry: BufferedMessage = {
      context,
      message,
      original: message,
      bytes: 0,
      reported: false,
    };
    this.#buffer.push(entry);
    if (!this.#committed) {
      const { serialize, buffer } = this.#setup;
      try {
        entry.message = snapshot(message);
        entry.bytes = serialize(message).length;
      } catch {
        // Not serializable (the attempt will say so) or not copyable: it cannot be replayed.
        entry.bytes = Number.POSITIVE_INFINITY;
      }
      this.#bufferedBytes += entry.bytes;
      buffer.usedBytes += entry.bytes;
      if (this.#bufferedBytes > buffer.perCallBytes || buffer.usedBytes > buffer.totalBytes) {
        // Between attempts the message is kept: the next attempt replays it, then commits.
        if (this.#live === undefined) this.#overLimit = true;
        else this.#commit();
      }
    }
    this.#pump();
  }

  sendMessage(message: unknown): void {
    this.sendMessageWithContext({}, message);
  }

  /** Before the first streamed response, each attempt reads for itself. */
  startRead(): void {
    if (this.#streaming) this.#live?.call.startRead();
  }

  halfClose(): void {
    this.#halfClosed = true;
    this.#pump();
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
    return this.#peer?.getPeer() ?? '';
  }

  getAuthContext(): ReturnType<CallLayer['getAuthContext']> {
    return this.#peer?.getAuthContext() ?? null;
  }

  /** One attempt: resolves with the response on OK, rejects with its status otherwise. */
  #attempt(ctx: AttemptContext): Promise<unknown> {
    const record: AttemptRecord = { messages: [] };
    this.#last = record;
    if (ctx.attempt > 1 && isPast(this.#setup.deadlineMs)) {
      // No attempt starts after the deadline: it fails as grpc-js fails it, without a call.
      const error = failWith(record, status.DEADLINE_EXCEEDED, 'Deadline exceeded');
      return Promise.reject(nonRetryable(error));
    }
    let call: CallLayer;
    try {
      call = this.#unused ?? this.#setup.newCall();
    } catch (thrown) {
      // A call that cannot be made (a closed channel) will not be made on a retry either.
      return Promise.reject(nonRetryable(failWith(record, status.UNKNOWN, describeError(thrown))));
    }
    this.#unused = undefined;
    this.#peer = call;
    return new Promise((resolve, reject) => {
      const { signal } = ctx;
      const onAbort = (): void => call.cancelWithStatus(...cancelStatus(signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      call.start(attemptMetadata(this.#metadata, ctx.attempt), {
        onReceiveMetadata(metadata: Metadata): void {
          record.headers = metadata;
        },
        onReceiveMessage: (message: unknown): void => this.#received(record, message),
        onReceiveStatus: (result: StatusObject): void => {
          signal.removeEventListener('abort', onAbort);
          if (this.#live?.call === call) this.#live = undefined;
          record.status = result;
          if (result.code === status.OK) {
            resolve(record.messages[record.messages.length - 1] ?? null);
            return;
          }
          record.error = new GrpcStatusError(result);
          reject(this.#committed ? nonRetryable(record.error) : record.error);
        },
      });
      this.#live = { call, first: ctx.attempt === 1, sent: 0, writing: false, halfClosed: false };
      if (this.#overLimit) this.#commit();
      this.#pump();
      if (this.#setup.responseStream) call.startRead();
      if (signal.aborted) onAbort();
    });
  }

  /** A response message: kept with its attempt (unary), or the commit of a stream. */
  #received(record: AttemptRecord, message: unknown): void {
    if (!this.#setup.responseStream) {
      record.messages.push(message);
      return;
    }
    if (this.#final !== undefined) return;
    if (!this.#streaming) {
      this.#streaming = true;
      this.#commit();
      if (record.headers !== undefined) this.#listener?.onReceiveMetadata?.(record.headers);
      record.headers = undefined;
    }
    this.#listener?.onReceiveMessage?.(message);
  }

  /**
   * Writes the live attempt's next message, one at a time (grpc-js holds one unwritten message
   * per call): the next goes when the last is written. Half-closes after the last one.
   */
  #pump(): void {
    const live = this.#live;
    if (live === undefined) return;
    if (this.#committed) {
      this.#buffer.splice(0, live.sent); // written by the committed attempt: no replay
      live.sent = 0;
    }
    const entry = this.#buffer[live.sent];
    if (!live.writing && entry !== undefined) {
      live.writing = true;
      live.sent += 1;
      const callback = (): void => {
        report(entry);
        live.writing = false;
        if (this.#live === live) this.#pump();
      };
      const message = live.first ? entry.original : entry.message;
      live.call.sendMessageWithContext({ flags: entry.context.flags, callback }, message);
    }
    if (this.#halfClosed && !live.halfClosed && live.sent === this.#buffer.length) {
      live.halfClosed = true;
      live.call.halfClose();
    }
  }

  /** From now on the call is the live attempt: what it has written is not kept for replay. */
  #commit(): void {
    this.#committed = true;
    this.#setup.buffer.usedBytes -= this.#bufferedBytes;
    this.#bufferedBytes = 0;
  }

  #finish(record: AttemptRecord): void {
    if (this.#final !== undefined) return;
    this.#final = record;
    for (const entry of this.#buffer.splice(0)) report(entry); // no attempt will write them now
    this.#commit();
    this.#setup.parent?.removeListener('cancelled', this.#onParentCancelled);
    if (this.#listener !== undefined) this.#deliver(record);
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

/** The attempt in flight, and how far it has got through the buffered messages. */
interface LiveAttempt {
  readonly call: CallLayer;
  /** Attempt 1 writes the caller's own messages; retries write the snapshots. */
  readonly first: boolean;
  sent: number;
  writing: boolean;
  halfClosed: boolean;
}

/** A copy of the caller's metadata for one attempt; retries say how many came before (A6). */
function attemptMetadata(metadata: Metadata, attempt: number): Metadata {
  const copy = metadata.clone();
  if (attempt > 1) copy.set(PREVIOUS_ATTEMPTS_KEY, String(attempt - 1));
  return copy;
}
