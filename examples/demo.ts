/**
 * `npm run demo`: retrywise against a local HTTP server with injected faults, printed as a timeline.
 *
 * Each scenario is one `retryer.run` of a `fetch`. The server answers per route: transient faults
 * (503, 429 with hints, dropped connections) that retries get past, permanent ones (400) that
 * fail at once, and outages that end in a give-up, an abort mid-backoff and a deadline.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type GiveUpEvent, HttpError, type RetryEvent, Retryer, retryInfo } from 'retrywise';

type Fault = (hit: number, res: ServerResponse, req: IncomingMessage) => void;

const ok = (res: ServerResponse): void => void res.writeHead(200).end('ok');
const unavailable = (res: ServerResponse, headers: Record<string, string> = {}): void =>
  void res.writeHead(503, headers).end('<Error><Code>SlowDown</Code></Error>');

const routes: Record<string, Fault> = {
  '/flaky': (hit, res) => (hit <= 2 ? unavailable(res) : ok(res)),
  '/throttled': (hit, res) =>
    hit === 1 ? void res.writeHead(429, { 'retry-after-ms': '300' }).end() : ok(res),
  '/reset': (hit, res, req) => (hit === 1 ? req.socket.destroy() : ok(res)),
  '/buckets/testlongnameforbucketgenerationerrorisexpectedtest-bucketclass3341a3a8': (_hit, res) =>
    void res.writeHead(400).end('InvalidBucketName'),
  '/down': (_hit, res) => unavailable(res),
  '/come-back-in-a-minute': (_hit, res) => unavailable(res, { 'retry-after': '60' }),
};

const hits = new Map<string, number>();
const server = createServer((req, res) => {
  const path = req.url ?? '/';
  const hit = (hits.get(path) ?? 0) + 1;
  hits.set(path, hit);
  const fault = routes[path];
  if (fault === undefined) res.writeHead(404).end();
  else fault(hit, res, req);
});

const t0 = performance.now();
const at = (): string => `+${String(Math.round(performance.now() - t0)).padStart(5)} ms`;
const print = (line: string): void => console.log(`${at()}  ${line}`);

const retryer = new Retryer({
  maxAttempts: 4,
  initialDelayMs: 100,
  maxDelayMs: 2_000,
  jitter: 'equal',
  onRetry: (e: RetryEvent) =>
    print(
      `  attempt ${e.attempt} failed: ${describe(e.error)} → retry in ${Math.round(e.delayMs)} ms (${e.verdict.reason})`,
    ),
  onGiveUp: (e: GiveUpEvent) =>
    print(
      e.reason === 'aborted'
        ? `  aborted while waiting (${describe(e.error)}) → give up (aborted)`
        : `  attempt ${e.attempts} failed: ${describe(e.error)} → give up (${e.reason})`,
    ),
});

function describe(error: unknown): string {
  if (error instanceof HttpError) return `HTTP ${error.status} ${error.statusText}`;
  if (error instanceof Error) {
    const code = (error.cause as { code?: string } | undefined)?.code;
    return code === undefined ? error.message : `${error.message} (${code})`;
  }
  return String(error);
}

async function scenario(title: string, path: string, signal?: AbortSignal): Promise<void> {
  console.log(`\n${title}  GET ${path.length > 40 ? `${path.slice(0, 40)}…` : path}`);
  try {
    const body = await retryer.run(
      async ({ signal: attemptSignal }) => {
        const res = await fetch(`${base}${path}`, { signal: attemptSignal });
        if (!res.ok) throw new HttpError(res);
        return res.text();
      },
      { name: path, ...(signal === undefined ? {} : { signal }) },
    );
    print(`  ✔ ${JSON.stringify(body)} after ${hits.get(path)} server hits`);
  } catch (error) {
    const info = retryInfo(error);
    const attempts = info?.attempts ?? 0;
    print(
      `  ✘ ${describe(error)}; ${attempts} attempt${attempts === 1 ? '' : 's'}, reason ${info?.reason}, ${hits.get(path)} server hits`,
    );
  }
}

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
console.log(`retrywise demo: fault-injecting server on ${base}`);
console.log('policy: maxAttempts 4, initialDelayMs 100, maxDelayMs 2000, equal jitter');

await scenario('1. Transient 503s are retried', '/flaky');
await scenario('2. 429 with retry-after-ms: the server hint is honoured', '/throttled');
await scenario('3. A dropped connection is retried', '/reset');
await scenario(
  '4. A permanent 400 (the COSI bucket name > 63 chars) fails at once',
  '/buckets/testlongnameforbucketgenerationerrorisexpectedtest-bucketclass3341a3a8',
);
await scenario('5. An outage ends after maxAttempts', '/down');
await scenario(
  '6. Retry-After: 60 exceeds maxDelayMs: give up now, never sooner than asked',
  '/come-back-in-a-minute',
);
hits.delete('/down');
await scenario('7. Abort mid-backoff settles at once', '/down', AbortSignal.timeout(150));

server.closeAllConnections();
server.close();
