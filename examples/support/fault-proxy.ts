/**
 * A fault-injecting HTTP proxy for the cloud examples and tests: it sits between an SDK and a real
 * server (s3rver, Azurite) on 127.0.0.1 and, per request, either forwards it untouched or answers
 * with an injected fault — a throttling or server error in the service's own XML shape, with or
 * without a delay hint, or a connection dropped mid-request (the client sees ECONNRESET/EPIPE).
 * It counts what it saw, so tests can prove how many requests the retry policy made.
 */
import {
  createServer,
  request as forward,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { seededRandom } from './seeded-random.js';

/** An error answer in the service's own shape. */
export interface StatusFault {
  readonly kind: 'status';
  readonly status: number;
  /** The error code: `SlowDown`, `ServerBusy`, `InternalError`, `AccessDenied`, … */
  readonly code: string;
  readonly service: 's3' | 'azure';
  /** Extra response headers, e.g. a hint: `{ 'x-amz-retry-after': '25' }`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The connection is destroyed after the request's headers (and first body bytes) arrived. */
export interface DropFault {
  readonly kind: 'drop';
}

export type Fault = StatusFault | DropFault;

/** One request the proxy saw. */
export interface ProxyHit {
  readonly n: number;
  readonly method: string;
  readonly url: string;
  /** `undefined` when forwarded to the server. */
  readonly fault: string | undefined;
}

/** Chooses the fault for a request, or `undefined` to forward it. */
export type FaultPlan = (hit: { n: number; method: string; url: string }) => Fault | undefined;

export interface FaultProxy {
  readonly port: number;
  readonly url: string;
  /** Every request seen, in arrival order. */
  readonly hits: readonly ProxyHit[];
  /** Requests forwarded to the server (= requests the server answered). */
  readonly forwarded: number;
  /** Requests answered with a fault. */
  readonly injected: number;
  /** Faults for the next requests, in order, before the plan is asked; `undefined` forwards. */
  queue(...faults: (Fault | undefined)[]): void;
  /** Replaces the plan; the default forwards everything. */
  setPlan(plan: FaultPlan): void;
  /** Forgets hits and queued faults. */
  reset(): void;
  close(): Promise<void>;
}

const XML = '<?xml version="1.0" encoding="UTF-8"?>';

function sendStatus(req: IncomingMessage, res: ServerResponse, fault: StatusFault, n: number) {
  const requestId = `fault-${n}`;
  const body = `${XML}<Error><Code>${fault.code}</Code><Message>injected ${fault.code}</Message><RequestId>${requestId}</RequestId></Error>`;
  const headers: Record<string, string> =
    fault.service === 's3'
      ? { 'x-amz-request-id': requestId }
      : { 'x-ms-request-id': requestId, 'x-ms-error-code': fault.code };
  req.resume();
  req.once('end', () => {
    res.writeHead(fault.status, {
      'content-type': 'application/xml',
      ...headers,
      ...fault.headers,
      ...(req.method === 'HEAD' ? {} : { 'content-length': Buffer.byteLength(body) }),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}

/** Destroys the connection once some of the body arrived (or at once for a bodiless request). */
function drop(req: IncomingMessage): void {
  const length = Number(req.headers['content-length'] ?? 0);
  if (length === 0 && req.headers['transfer-encoding'] === undefined) {
    req.socket.destroy();
    return;
  }
  req.once('data', () => req.socket.destroy());
}

function pass(req: IncomingMessage, res: ServerResponse, targetPort: number): void {
  const upstream = forward(
    {
      host: '127.0.0.1',
      port: targetPort,
      method: req.method,
      path: req.url,
      headers: req.headers,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

/** Starts a proxy on 127.0.0.1 (OS-assigned port) in front of `127.0.0.1:targetPort`. */
export async function startFaultProxy(targetPort: number, plan?: FaultPlan): Promise<FaultProxy> {
  const hits: ProxyHit[] = [];
  const queued: (Fault | undefined)[] = [];
  const sockets = new Set<Socket>();
  let current: FaultPlan = plan ?? (() => undefined);
  let forwarded = 0;
  let injected = 0;

  const server = createServer((req, res) => {
    const n = hits.length + 1;
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const fault = queued.length > 0 ? queued.shift() : current({ n, method, url });
    hits.push({ n, method, url, fault: fault && describe(fault) });
    if (fault === undefined) {
      forwarded++;
      pass(req, res, targetPort);
      return;
    }
    injected++;
    if (fault.kind === 'drop') drop(req);
    else sendStatus(req, res, fault, n);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    hits,
    get forwarded() {
      return forwarded;
    },
    get injected() {
      return injected;
    },
    queue: (...faults) => {
      queued.push(...faults);
    },
    setPlan: (next) => {
      current = next;
    },
    reset: () => {
      hits.length = 0;
      queued.length = 0;
      forwarded = 0;
      injected = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function describe(fault: Fault): string {
  if (fault.kind === 'drop') return 'drop';
  const hinted = fault.headers === undefined ? '' : ' (hint)';
  return `${fault.status} ${fault.code}${hinted}`;
}

/**
 * A plan that faults about `rate` of the requests (seeded), cycling through `faults`, and faults
 * one method + URL at most `maxPerUrl` times, so a policy with more attempts always gets through.
 */
export function randomFaults(
  faults: readonly Fault[],
  {
    rate = 0.2,
    seed = 1,
    maxPerUrl = 2,
  }: { rate?: number; seed?: number; maxPerUrl?: number } = {},
): FaultPlan {
  const random = seededRandom(seed);
  const perUrl = new Map<string, number>();
  let next = 0;
  return ({ method, url }) => {
    const key = `${method} ${url}`;
    const count = perUrl.get(key) ?? 0;
    if (count >= maxPerUrl || random() >= rate) return undefined;
    perUrl.set(key, count + 1);
    const fault = faults[next % faults.length];
    next++;
    return fault;
  };
}
