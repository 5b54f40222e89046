import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { networkClassifier } from '../../../src/classify/classifiers/network.js';
import {
  NETWORK_ERROR_CODES,
  NETWORK_MESSAGE_PATTERNS,
} from '../../../src/classify/classifiers/network-codes.js';
import { ctx, cyclicError, hostileInputs, throwingGetters } from './fixtures.js';

const classify = networkClassifier();
const systemError = (code: string) =>
  Object.assign(new Error(`connect ${code} 10.0.0.7:443`), { code });
const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });

async function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port on 127.0.0.1 that nobody listens on any more. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe(networkClassifier.name, () => {
  it.each(NETWORK_ERROR_CODES.map((code) => [code]))(
    'retries a Node error with code %s',
    (code) => {
      expect(classify(systemError(code), ctx)).toEqual({
        retryable: true,
        reason: `network ${code}`,
      });
    },
  );

  it.each(NETWORK_ERROR_CODES.map((code) => [code]))(
    'retries fetch failed caused by %s',
    (code) => {
      const error = fetchFailed(Object.assign(new Error('other side closed'), { code }));
      expect(classify(error, ctx)).toEqual({ retryable: true, reason: `network ${code}` });
    },
  );

  const wordings: Record<string, string[]> = {
    'connection refused': [
      'dial tcp 10.0.0.1:443: connect: connection refused',
      'Connection Refused',
    ],
    'connection reset': [
      'read tcp 10.0.0.1:5000: connection reset by peer',
      'the connection was reset',
    ],
    'connection timeout': [
      'connection timeout',
      'connect: connection timed out',
      'Connection timedout',
    ],
    'network unreachable': ['connect: network is unreachable', 'Network unreachable'],
    'no such host': ['dial tcp: lookup s3.example.com: no such host'],
    'TLS handshake timeout': ['net/http: TLS handshake timeout', 'tls handshake timed out'],
    'i/o timeout': ['dial tcp 10.0.0.1:443: i/o timeout'],
    'broken pipe': ['write tcp 10.0.0.1:443: write: broken pipe', 'Broken pipe'],
    EOF: ['EOF', 'read tcp 10.0.0.1:443: EOF', 'unexpected EOF', 'Post "https://x/": EOF'],
    'socket hang up': ['socket hang up', 'Socket Hang Up', 'socket hangup'],
  };
  const messageRows = NETWORK_MESSAGE_PATTERNS.flatMap(({ label }) =>
    (wordings[label] ?? []).map((message) => [label, message] as const),
  );

  it('has sample wordings for every message pattern', () => {
    for (const { label } of NETWORK_MESSAGE_PATTERNS)
      expect(wordings[label]?.length).toBeGreaterThan(0);
  });

  it.each(messageRows)('recognises %s in %j', (label, message) => {
    expect(classify(new Error(message), ctx)).toEqual({
      retryable: true,
      reason: `network ${label}`,
    });
  });

  it('recognises a message deep in the cause chain, and a thrown string', () => {
    const deep = new Error('sync failed', {
      cause: new Error('upload', { cause: new Error('broken pipe') }),
    });
    expect(classify(deep, ctx)?.reason).toBe('network broken pipe');
    expect(classify('connection refused', ctx)?.reason).toBe('network connection refused');
    expect(classify('ECONNREFUSED', ctx)?.reason).toBe('network ECONNREFUSED in message');
  });

  it.each(NETWORK_ERROR_CODES.map((code) => [code]))(
    'retries a message naming %s, its code lost',
    (code) => {
      const relayed = new Error(`worker 3: Error: connect ${code} 10.0.0.7:443`);
      expect(classify(relayed, ctx)).toEqual({
        retryable: true,
        reason: `network ${code} in message`,
      });
    },
  );

  it('retries a bare fetch failed', () => {
    expect(classify(new TypeError('fetch failed'), ctx)).toEqual({
      retryable: true,
      reason: 'network fetch failed',
    });
  });

  it('lets the cause code decide a fetch failed: a certificate error is no network blip', () => {
    const cert = Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' });
    expect(classify(fetchFailed(cert), ctx)).toBeUndefined();
  });

  it.each([
    [
      'file not found',
      Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' }),
    ],
    [
      'permission denied',
      Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }),
    ],
    ['a validation error', new Error('bucket name must be 3-63 characters')],
    ['a JSON parse error', new SyntaxError('Unexpected end of JSON input')],
    ['EOF mid-sentence', new Error('EOF while parsing a value at line 1')],
    ['a word containing eof', new Error('thereof')],
    ['a code inside a longer word', new Error('XECONNRESET_COUNT exceeded')],
    ['a code in lower case', new Error('econnreset is a word in our docs')],
    ['a timeout that is not about a connection', new Error('operation timeout')],
    ['a message that is not a string', { message: 42 }],
    ...hostileInputs.map(([name, make]) => [name, make()]),
  ] as [string, unknown][])('abstains on %s', (_name, error) => {
    expect(classify(error, ctx)).toBeUndefined();
  });

  it('survives throwing getters and cycles', () => {
    expect(classify(new Error('x', { cause: throwingGetters() }), ctx)).toBeUndefined();
    expect(classify(cyclicError({ code: 'ECONNRESET' }), ctx)?.retryable).toBe(true);
  });

  it("labels AbortSignal.timeout()'s TimeoutError for what it is, and retries it", () => {
    expect(
      classify(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), ctx),
    ).toEqual({ retryable: true, reason: 'timeout: AbortSignal.timeout' });
    const wrapped = new TypeError('fetch failed', {
      cause: new DOMException('signal timed out', 'TimeoutError'),
    });
    expect(classify(wrapped, ctx)?.reason).toBe('timeout: AbortSignal.timeout');
  });

  it('retries a client TimeoutError without a code as a timeout, and prefers a code', () => {
    const ky = Object.assign(new Error('Request timed out: GET /'), { name: 'TimeoutError' });
    expect(classify(ky, ctx)).toEqual({ retryable: true, reason: 'timeout: TimeoutError' });
    const got = Object.assign(new Error('Timeout awaiting request'), {
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
    });
    expect(classify(got, ctx)).toEqual({ retryable: true, reason: 'network ETIMEDOUT' });
  });

  it('does not take an AbortError for a timeout', () => {
    expect(classify(new DOMException('aborted', 'AbortError'), ctx)).toBeUndefined();
  });

  it('looks only at the start of a huge message', () => {
    const error = new Error(`${'x'.repeat(100_000)} connection refused`);
    expect(classify(error, ctx)).toBeUndefined();
  });
});

describe('networkClassifier on real sockets', () => {
  it('retries a real fetch to a closed port (fetch failed → ECONNREFUSED)', async () => {
    const port = await closedPort();
    const error = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(classify(error, ctx)).toEqual({ retryable: true, reason: 'network ECONNREFUSED' });
  });

  it('retries a real net.connect refusal', async () => {
    const port = await closedPort();
    const error = await new Promise((resolve) => connect(port, '127.0.0.1').on('error', resolve));
    expect(classify(error, ctx)).toEqual({ retryable: true, reason: 'network ECONNREFUSED' });
  });

  it('retries a real fetch that AbortSignal.timeout() cut short', async () => {
    const server = createHttpServer(() => {}); // never answers
    const port = await listen(server);
    try {
      const error = await fetch(`http://127.0.0.1:${port}/`, {
        signal: AbortSignal.timeout(10),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DOMException);
      expect(classify(error, ctx)).toEqual({
        retryable: true,
        reason: 'timeout: AbortSignal.timeout',
      });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('retries a real fetch whose server drops the connection', async () => {
    const server = createHttpServer((req) => req.socket.destroy());
    const port = await listen(server);
    try {
      const error = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
      expect(classify(error, ctx)).toEqual({ retryable: true, reason: 'network UND_ERR_SOCKET' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
