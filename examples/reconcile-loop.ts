/**
 * A Kubernetes-style reconciler that retries with `Retryer.next` (../docs/reconcile-loops.md).
 *
 * The bug (field notes: status updates during the delivery loop trigger reconciles): each
 * delivery attempt writes status, a status write queues the object again, and the next
 * reconcile runs at once — five "backed off" attempts happen in the same instant. The fix
 * here: keep retryer's `RetryState` in the status; a reconcile that comes before `retryAt`
 * skips and requeues for the rest. Runs on virtual time (FakeClock): 450 s take a few ms.
 *
 *   node --import tsx examples/reconcile-loop.ts
 */
import { pathToFileURL } from 'node:url';
import { Retryer, type RetryState } from 'retrywise';
import { FakeClock } from 'retrywise/testing';

interface Status {
  phase: 'Sending' | 'Sent' | 'Failed';
  delivered: Record<string, boolean>;
  attempts: { channel: string; at: number; ok: boolean }[];
  retry?: RetryState;
}

const CHANNELS = ['console', 'file'] as const;

/** What one scenario did: when the file channel was tried, and how often reconcile ran. */
export interface Outcome {
  readonly fileAttemptsAt: number[];
  readonly reconciles: number;
  readonly skipped: number;
  readonly phase: Status['phase'];
}

/** Runs one notification through the controller; `guard` keeps the retry state and `retryAt`. */
export async function scenario(guard: boolean): Promise<Outcome> {
  const clock = new FakeClock();
  const retryer = new Retryer({
    clock,
    initialDelayMs: 30_000, // 30 s, 60 s, 120 s, 240 s between five attempts
    maxDelayMs: 480_000,
    jitter: 'none',
    maxAttempts: 5,
    classifiers: [
      (e) => (isCode(e, 'EROFS') ? { retryable: true, reason: 'read-only' } : undefined),
    ],
  });
  let status: Status = { phase: 'Sending', delivered: {}, attempts: [] };
  let reconciles = 0;
  let skipped = 0;
  // A work queue as controller-runtime's: one reconcile at a time per object; an event during
  // a reconcile marks the object dirty, and it is reconciled again right after.
  let running = false;
  let dirty = false;
  const enqueue = (): void => {
    if (running) {
      dirty = true;
      return;
    }
    running = true;
    queueMicrotask(async () => {
      do {
        dirty = false;
        const requeueAfterMs = reconcile();
        if (requeueAfterMs !== undefined) clock.sleep(requeueAfterMs).then(enqueue);
      } while (dirty);
      running = false;
    });
  };
  const writeStatus = (next: Status): void => {
    status = structuredClone(next);
    enqueue(); // the watch sees the write: another reconcile is queued
  };
  const deliver = (channel: string): void => {
    if (channel === 'file') {
      throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
    }
  };
  const naiveBackoffMs = (attempts: number): number => 30_000 * 2 ** (attempts - 1);

  function reconcile(): number | undefined {
    reconciles++;
    const now = clock.now();
    if (status.phase !== 'Sending') return undefined;
    if (guard && status.retry?.retryAt !== undefined && now < status.retry.retryAt) {
      skipped++;
      return status.retry.retryAt - now; // too early: keep the backoff
    }
    const work = structuredClone(status);
    let failure: unknown;
    for (const channel of CHANNELS) {
      if (work.delivered[channel]) continue;
      let ok = true;
      try {
        deliver(channel);
      } catch (error) {
        ok = false;
        failure = error;
      }
      work.delivered[channel] = ok;
      work.attempts.push({ channel, at: now, ok });
      writeStatus(work); // RecordDeliveryAttempt: a status write mid-loop
    }
    if (failure === undefined) {
      writeStatus({ ...work, phase: 'Sent' });
      return undefined;
    }
    if (!guard) {
      const fileAttempts = work.attempts.filter((a) => a.channel === 'file').length;
      if (fileAttempts >= 5) writeStatus({ ...work, phase: 'Failed' });
      return naiveBackoffMs(fileAttempts); // RequeueAfter — but the status writes came first
    }
    const step = retryer.next(failure, work.retry);
    writeStatus({ ...work, retry: step.state, phase: step.retry ? 'Sending' : 'Failed' });
    return step.retry ? step.delayMs : undefined;
  }

  enqueue();
  await clock.runAll();
  const fileAttemptsAt = status.attempts.filter((a) => a.channel === 'file').map((a) => a.at);
  return { fileAttemptsAt, reconciles, skipped, phase: status.phase };
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(0)} s`;

async function main(): Promise<void> {
  const scheduledMs = 30_000 + 60_000 + 120_000 + 240_000;
  for (const guard of [false, true]) {
    const outcome = await scenario(guard);
    const at = outcome.fileAttemptsAt;
    const spanMs = (at.at(-1) ?? 0) - (at[0] ?? 0);
    const label = guard ? 'with RetryState + retryAt' : 'naive RequeueAfter';
    console.log(
      `${label}: ${at.length} file attempts over ${seconds(spanMs)} of virtual time (scheduled ${seconds(scheduledMs)}), ${outcome.reconciles} reconciles, ${outcome.skipped} skipped, phase ${outcome.phase}`,
    );
    console.log(`  attempts at: ${at.map(seconds).join(', ')}`);
    if (guard && spanMs < scheduledMs) process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
