/**
 * Observability (../docs/fleet.md#observability): the guide's log lines, retry metrics from
 * `retryStats()`, and OpenTelemetry-style counters fed from the hooks — against a real HTTP
 * server on 127.0.0.1 that answers 503 twice per path, then 200 (and always 503 on /down).
 *
 *   node --import tsx examples/retry-metrics.ts
 *
 * `meter` below has the shape of `@opentelemetry/api`'s `Meter` (createCounter → add,
 * createHistogram → record); with OpenTelemetry installed, use `metrics.getMeter('retrywise')`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Classifier,
  defaultClassifiers,
  HttpError,
  lineLogger,
  Retryer,
  retryStats,
} from 'retrywise';

type Attributes = Record<string, string | number>;
interface Counter {
  add(value: number, attributes?: Attributes): void;
}
interface Histogram {
  record(value: number, attributes?: Attributes): void;
}

/** A stand-in for an OpenTelemetry Meter that keeps the totals it is given. */
function recordingMeter() {
  const totals = new Map<string, number>();
  const add =
    (name: string) =>
    (value: number, attributes: Attributes = {}) => {
      const key = `${name}${JSON.stringify(attributes)}`;
      totals.set(key, (totals.get(key) ?? 0) + value);
    };
  return {
    totals,
    createCounter: (name: string): Counter => ({ add: add(name) }),
    createHistogram: (name: string): Histogram => ({ record: add(name) }),
  };
}

/** 503 → retry. (The HTTP classifier in `defaultClassifiers()` knows more statuses.) */
const unavailable: Classifier = (error) =>
  (error as { status?: unknown }).status === 503
    ? { retryable: true, reason: 'HTTP 503' }
    : undefined;

async function main(): Promise<void> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const n = (hits.get(req.url ?? '') ?? 0) + 1;
    hits.set(req.url ?? '', n);
    const busy = n <= 2 || req.url === '/down';
    res.writeHead(busy ? 503 : 200).end(busy ? 'busy' : 'ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const stats = retryStats();
  const meter = recordingMeter();
  const retries = meter.createCounter('retrywise.retries');
  const giveUps = meter.createCounter('retrywise.give_ups');
  const attempts = meter.createHistogram('retrywise.attempts');
  const retryer = new Retryer({
    initialDelayMs: 5,
    maxAttempts: 3,
    classifiers: [unavailable, ...defaultClassifiers()],
    logger: lineLogger(),
    onRetry: (e) => {
      stats.onRetry(e);
      retries.add(1, { 'retrywise.name': e.name ?? '', 'retrywise.reason': e.verdict.reason });
    },
    onGiveUp: (e) => {
      stats.onGiveUp(e);
      giveUps.add(1, { 'retrywise.name': e.name ?? '', 'retrywise.reason': e.reason });
    },
    onSuccess: (e) => {
      stats.onSuccess(e);
      attempts.record(e.attempts, { 'retrywise.name': e.name ?? '' });
    },
  });
  const get = (path: string) =>
    retryer.run(
      async ({ signal }) => {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal });
        if (!res.ok) throw new HttpError(res);
        return res.text();
      },
      { name: `GET ${path}` },
    );
  try {
    console.log('body:', await get('/orders'));
    console.log('body:', await get('/orders')); // the path has recovered: first try
    await get('/down').catch((error: unknown) => console.log('gave up:', String(error)));
    const s = stats.snapshot();
    console.log(
      `stats: operations=${s.operations} retries=${s.retries} retry_rate=${s.retryRate} success_after_retry=${s.successAfterRetry} exhausted_rate=${s.exhaustedRate} average_retries=${s.averageRetries}`,
    );
    for (const [key, value] of meter.totals) console.log(`otel: ${key} = ${value}`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

await main();
