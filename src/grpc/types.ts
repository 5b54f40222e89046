/**
 * The grpc-js types the interceptor builds on, named once. grpc-js exports `NextCall` but not the
 * interface of the call it returns, so that interface is derived from it.
 */
import type { Metadata, NextCall, StatusObject } from '@grpc/grpc-js';
import type { GrpcStatusError } from './status-error.js';

/** One layer of a grpc-js client call (grpc-js's `InterceptingCallInterface`). */
export type CallLayer = ReturnType<NextCall>;

/** What a layer's `start` is told to report to. */
export type CallListener = NonNullable<Parameters<CallLayer['start']>[1]>;

/** The write flags and callback that travel with an outgoing message. */
export type MessageContext = Parameters<CallLayer['sendMessageWithContext']>[0];

/** The part of a grpc-js server call (`CallOptions['parent']`) that tells of its cancellation. */
export interface ParentCall {
  once(event: 'cancelled', listener: () => void): unknown;
  removeListener(event: 'cancelled', listener: () => void): unknown;
}

/** What one attempt received, in the order the caller's listener expects it. */
export interface AttemptRecord {
  headers?: Metadata;
  readonly messages: unknown[];
  status?: StatusObject;
  /** The error the attempt failed with, as classifiers saw it. */
  error?: GrpcStatusError;
}
