import { Readable } from 'node:stream';
import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
  RestError,
} from '@azure/core-rest-pipeline';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { azureRetryPolicy } from '../../src/azure/index.js';
import {
  httpClassifier,
  type RetryEvent,
  Retryer,
  type RetryOptions,
  retryInfo,
} from '../../src/index.js';
import { FakeClock } from '../../src/testing/index.js';

function response(status: number, headers: Record<string, string> = {}): PipelineResponse {
  return {
    status,
    headers: createHttpHeaders(headers),
    request: createPipelineRequest({ url: 'http://x/' }),
  };
}

function setup(options: RetryOptions = {}) {
  const clock = new FakeClock();
  const retryer = new Retryer({
    clock,
    jitter: 'none',
    initialDelayMs: 10,
    classifiers: [httpClassifier()],
    ...options,
  });
  return { clock, policy: azureRetryPolicy(retryer) };
}

/** Sends `request` through the policy with `answers` as the rest of the pipeline, one per call. */
async function send(
  clock: FakeClock,
  policy: PipelinePolicy,
  answers: (PipelineResponse | Error)[],
  request: PipelineRequest = createPipelineRequest({ url: 'http://127.0.0.1/x' }),
) {
  const seen: PipelineRequest[] = [];
  const next = vi.fn(async (r: PipelineRequest) => {
    seen.push({ ...r });
    const answer = answers[Math.min(seen.length, answers.length) - 1];
    if (answer instanceof Error) throw answer;
    return answer as PipelineResponse;
  });
  const result = policy.sendRequest(request, next);
  result.catch(() => {});
  await clock.runAll();
  return { result, calls: next.mock.calls.length, seen };
}

describe(azureRetryPolicy.name, () => {
  it('is a PipelinePolicy with a fixed, unique name', () => {
    expectTypeOf(azureRetryPolicy(new Retryer())).toMatchTypeOf<PipelinePolicy>();
    expect(azureRetryPolicy(new Retryer()).name).toBe('retrywiseRetryPolicy');
  });

  it('throws a TypeError at creation for anything but a Retryer', () => {
    expect(() => azureRetryPolicy({} as Retryer)).toThrow(TypeError);
  });

  it('returns a success at once', async () => {
    const { clock, policy } = setup();
    const ok = response(201);
    const { result, calls } = await send(clock, policy, [ok]);
    await expect(result).resolves.toBe(ok);
    expect(calls).toBe(1);
  });

  it('retries a retryable response and, out of attempts, returns the last response', async () => {
    const { clock, policy } = setup({ maxAttempts: 3 });
    const busy = [response(503), response(503), response(503)];
    const { result, calls } = await send(clock, policy, busy);
    await expect(result).resolves.toBe(busy[2]);
    expect(calls).toBe(3);
    expect(clock.sleeps).toEqual([10, 20]);
  });

  it('returns a non-retryable response after one request', async () => {
    const { clock, policy } = setup();
    const missing = response(404, { 'x-ms-error-code': 'BlobNotFound' });
    const { result, calls } = await send(clock, policy, [missing]);
    await expect(result).resolves.toBe(missing);
    expect(calls).toBe(1);
  });

  it('honours delay hints of a throttled response', async () => {
    const { clock, policy } = setup();
    const { result } = await send(clock, policy, [
      response(503, { 'x-ms-retry-after-ms': '250' }),
      response(429, { 'retry-after-ms': '400' }),
      response(200),
    ]);
    await expect(result).resolves.toMatchObject({ status: 200 });
    expect(clock.sleeps).toEqual([250, 400]);
  });

  it('tells hooks the status and service code of a retried response', async () => {
    const events: RetryEvent[] = [];
    const { clock, policy } = setup({ onRetry: (e) => events.push(e) });
    await send(clock, policy, [response(503, { 'x-ms-error-code': 'ServerBusy' }), response(200)]);
    expect(events[0]?.error).toMatchObject({
      name: 'ResponseError',
      message: 'HTTP 503 ServerBusy',
      statusCode: 503,
      code: 'ServerBusy',
    });
    expect(events[0]?.verdict.reason).toBe('http 503');
  });

  it('releases the body of each response it discards, not of the one it returns', async () => {
    const { clock, policy } = setup({ maxAttempts: 2 });
    const first = { ...response(503), readableStreamBody: Readable.from(['a']) };
    const last = { ...response(503), readableStreamBody: Readable.from(['b']) };
    const { result } = await send(clock, policy, [first, last]);
    await expect(result).resolves.toBe(last);
    expect(first.readableStreamBody.destroyed).toBe(true);
    expect(last.readableStreamBody.destroyed).toBe(false);
  });

  it('retries a thrown RestError (perCall placement) and rethrows the last one', async () => {
    const { clock, policy } = setup({ maxAttempts: 2 });
    const errors = [
      new RestError('busy', { statusCode: 503, code: 'ServerBusy' }),
      new RestError('busy again', { statusCode: 503, code: 'ServerBusy' }),
    ];
    const { result, calls } = await send(clock, policy, errors);
    await expect(result).rejects.toBe(errors[1]);
    expect(calls).toBe(2);
    expect(retryInfo(errors[1])).toMatchObject({ attempts: 2, reason: 'attempts' });
  });

  it('rethrows a non-retryable RestError after one request', async () => {
    const { clock, policy } = setup();
    const denied = new RestError('denied', { statusCode: 403, code: 'AuthorizationFailure' });
    const { result, calls } = await send(clock, policy, [denied]);
    await expect(result).rejects.toBe(denied);
    expect(calls).toBe(1);
  });

  it('sends a raw stream body once, and retries a stream factory', async () => {
    const { clock, policy } = setup();
    const raw = createPipelineRequest({ url: 'http://127.0.0.1/x', body: Readable.from(['x']) });
    const once = await send(clock, policy, [response(503), response(200)], raw);
    await expect(once.result).resolves.toMatchObject({ status: 503 });
    expect(once.calls).toBe(1);
    const factory = createPipelineRequest({
      url: 'http://127.0.0.1/x',
      body: () => Readable.from(['x']),
    });
    const again = await send(clock, policy, [response(503), response(200)], factory);
    await expect(again.result).resolves.toMatchObject({ status: 200 });
    expect(again.calls).toBe(2);
  });

  it('retries the pipeline per-try timeout (an AbortError nobody asked for)', async () => {
    const { clock, policy } = setup({ classifiers: [] });
    const request = createPipelineRequest({ url: 'http://127.0.0.1/x', timeout: 50 });
    const timedOut = Object.assign(new Error('timed out'), { name: 'AbortError' });
    const { result, calls } = await send(clock, policy, [timedOut, response(200)], request);
    await expect(result).resolves.toMatchObject({ status: 200 });
    expect(calls).toBe(2);
  });

  it('stops when the request is aborted, with the abort reason, and restores the request signal', async () => {
    const { policy } = setup();
    const controller = new AbortController();
    const request = createPipelineRequest({
      url: 'http://127.0.0.1/x',
      abortSignal: controller.signal,
    });
    const next = vi.fn(async () => response(503));
    const sent = policy.sendRequest(request, next);
    await vi.waitFor(() => expect(next).toHaveBeenCalledTimes(1));
    controller.abort(new Error('user abort'));
    await expect(sent).rejects.toThrow('user abort');
    expect(next).toHaveBeenCalledTimes(1);
    expect(request.abortSignal).toBe(controller.signal);
  });

  it('stops at once when the retryer signal aborts during a delay', async () => {
    const controller = new AbortController();
    const { clock, policy } = setup({ signal: controller.signal });
    const next = vi.fn(async () => response(503));
    const sent = policy.sendRequest(createPipelineRequest({ url: 'http://127.0.0.1/x' }), next);
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    controller.abort(new Error('shutting down'));
    await expect(sent).rejects.toThrow('shutting down');
    expect(next).toHaveBeenCalledTimes(1);
    expect(clock.pending).toBe(0);
  });

  it('follows an AbortSignal look-alike on the request', async () => {
    const { policy } = setup();
    const controller = new AbortController();
    const like = {
      get aborted() {
        return controller.signal.aborted;
      },
      get reason() {
        return controller.signal.reason;
      },
      addEventListener: controller.signal.addEventListener.bind(controller.signal),
      removeEventListener: controller.signal.removeEventListener.bind(controller.signal),
    };
    const request = createPipelineRequest({ url: 'http://127.0.0.1/x' });
    request.abortSignal = like;
    const next = vi.fn(async () => response(503));
    const sent = policy.sendRequest(request, next);
    await vi.waitFor(() => expect(next).toHaveBeenCalledTimes(1));
    controller.abort(new Error('look-alike abort'));
    await expect(sent).rejects.toThrow('look-alike abort');
    expect(request.abortSignal).toBe(like);
  });

  it('stops following a look-alike signal when the request ends', async () => {
    const { clock, policy } = setup();
    const listeners = new Set<unknown>();
    const like = {
      aborted: false,
      reason: undefined,
      addEventListener: (_: string, listener: unknown) => listeners.add(listener),
      removeEventListener: (_: string, listener: unknown) => listeners.delete(listener),
    };
    const request = createPipelineRequest({ url: 'http://127.0.0.1/x' });
    request.abortSignal = like;
    const sent = send(clock, policy, [response(503), response(200)], request);
    await vi.waitFor(() => expect(listeners.size).toBe(1));
    const { result } = await sent;
    expect((await result).status).toBe(200);
    expect(listeners.size).toBe(0);
  });

  it.each([
    ['null', null],
    ['a string', 'boom'],
    ['undefined', undefined],
  ])('rethrows a hostile throw (%s) from the pipeline untouched', async (_, thrown) => {
    const { clock, policy } = setup();
    const next = vi.fn(async () => {
      throw thrown;
    });
    const sent = policy.sendRequest(createPipelineRequest({ url: 'http://127.0.0.1/x' }), next);
    sent.catch(() => {});
    await clock.runAll();
    await expect(sent).rejects.toBe(thrown);
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('aborts the I/O of an attempt that exceeds attemptTimeoutMs, then retries', async () => {
    const { clock, policy } = setup({ attemptTimeoutMs: 100 });
    const request = createPipelineRequest({ url: 'http://127.0.0.1/x' });
    const signals: (AbortSignal | undefined)[] = [];
    const next = vi.fn(
      (r: PipelineRequest) =>
        new Promise<PipelineResponse>((resolve) => {
          signals.push(r.abortSignal as AbortSignal | undefined);
          if (signals.length > 1) resolve(response(200));
        }),
    );
    const sent = policy.sendRequest(request, next);
    await clock.runAll();
    await expect(sent).resolves.toMatchObject({ status: 200 });
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
    expect(request.abortSignal).toBeUndefined();
  });
});
