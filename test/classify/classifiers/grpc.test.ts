import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import {
  grpcClassifier,
  grpcPresets,
  parsePushback,
} from '../../../src/classify/classifiers/grpc.js';
import { GRPC_CODE, GRPC_CODE_NAMES } from '../../../src/classify/classifiers/grpc-codes.js';
import { ctx, cyclicError, grpcError, hostileInputs, metadata, throwingProxy } from './fixtures.js';

const allCodes = Object.entries(GRPC_CODE) as [string, number][];

describe('grpc status code table', () => {
  it.each(allCodes)('%s is %i, as in grpc-js', (name, code) => {
    expect(status[name as keyof typeof status]).toBe(code);
    expect(GRPC_CODE_NAMES[code]).toBe(name);
  });
});

describe('grpcPresets', () => {
  it('holds the three documented presets', () => {
    expect(grpcPresets).toEqual({ standard: [14], cosi: [13], idempotent: [14, 4, 10] });
  });

  it('is frozen, down to each list', () => {
    expect(Object.isFrozen(grpcPresets)).toBe(true);
    for (const list of Object.values(grpcPresets)) expect(Object.isFrozen(list)).toBe(true);
  });
});

describe(grpcClassifier.name, () => {
  const presets = Object.entries(grpcPresets) as [keyof typeof grpcPresets, readonly number[]][];
  const rows = presets.flatMap(([preset, codes]) =>
    allCodes.map(([name, code]) => [preset, name, code, codes.includes(code)] as const),
  );

  it.each(rows)('preset %s: %s (%i) retryable=%s', (preset, name, code, retryable) => {
    const verdict = grpcClassifier({ retryableCodes: grpcPresets[preset] })(grpcError(code), ctx);
    const throttled = code === status.RESOURCE_EXHAUSTED ? { throttled: true } : {};
    expect(verdict).toEqual({ retryable, reason: `grpc ${name}`, ...throttled });
  });

  it('defaults to the standard preset (AIP-194): only UNAVAILABLE', () => {
    const classify = grpcClassifier();
    expect(classify(grpcError(status.UNAVAILABLE), ctx)?.retryable).toBe(true);
    expect(classify(grpcError(status.INTERNAL), ctx)?.retryable).toBe(false);
    expect(classify(grpcError(status.DEADLINE_EXCEEDED), ctx)?.retryable).toBe(false);
  });

  it('decides by code, whatever the details say', () => {
    const error = grpcError(status.INVALID_ARGUMENT, 'connect ECONNREFUSED 10.0.0.1:443');
    expect(grpcClassifier()(error, ctx)).toEqual({
      retryable: false,
      reason: 'grpc INVALID_ARGUMENT',
    });
  });

  it('finds a gRPC error in the cause chain', () => {
    const wrapped = new Error('getUser failed', { cause: grpcError(status.UNAVAILABLE) });
    expect(grpcClassifier()(wrapped, ctx)?.retryable).toBe(true);
  });

  it('marks a retried RESOURCE_EXHAUSTED as throttled', () => {
    const classify = grpcClassifier({ retryableCodes: [status.RESOURCE_EXHAUSTED] });
    expect(classify(grpcError(status.RESOURCE_EXHAUSTED), ctx)).toEqual({
      retryable: true,
      reason: 'grpc RESOURCE_EXHAUSTED',
      throttled: true,
    });
  });

  it('marks RESOURCE_EXHAUSTED as throttled even when it is not retried (the throttle counts it)', () => {
    expect(grpcClassifier()(grpcError(status.RESOURCE_EXHAUSTED), ctx)).toEqual({
      retryable: false,
      reason: 'grpc RESOURCE_EXHAUSTED',
      throttled: true,
    });
  });

  it.each([
    ['a plain Error', new Error('14 UNAVAILABLE')],
    ['a Node system error', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })],
    ['a numeric code without details or metadata', Object.assign(new Error('x'), { code: 14 })],
    ['code 17', { code: 17, details: 'x' }],
    ['code -1', { code: -1, details: 'x' }],
    ['a fractional code', { code: 13.5, details: 'x' }],
    ['a string code', { code: '14', details: 'x' }],
    ['an HTTP-like code', { code: 503, details: 'x', metadata: {} }],
    ...hostileInputs.map(([name, make]) => [name, make()]),
  ] as [string, unknown][])('abstains on %s', (_name, error) => {
    expect(grpcClassifier()(error, ctx)).toBeUndefined();
  });

  it('survives a cycle that holds a gRPC error', () => {
    const error = cyclicError({ code: 14, details: 'x' });
    expect(grpcClassifier()(error, ctx)?.retryable).toBe(true);
  });

  it('treats hostile metadata as no pushback', () => {
    const error = { code: 14, details: 'x', metadata: throwingProxy() };
    expect(grpcClassifier()(error, ctx)).toEqual({ retryable: true, reason: 'grpc UNAVAILABLE' });
  });

  it.each([
    ['a grpc-js Metadata', metadata({ 'grpc-retry-pushback-ms': '250' })],
    ['a plain object', { 'Grpc-Retry-Pushback-Ms': '250' }],
    ['a Map', new Map([['grpc-retry-pushback-ms', ['250']]])],
  ])('reads the pushback from %s as a delay hint', (_name, md) => {
    const error = { code: status.UNAVAILABLE, details: 'busy', metadata: md };
    expect(grpcClassifier()(error, ctx)).toEqual({
      retryable: true,
      reason: 'grpc UNAVAILABLE',
      delayMs: 250,
    });
  });

  it.each(['-1', 'soon', '1.5', ''])(
    'does not retry when the pushback is %j (gRPC A6)',
    (value) => {
      const error = grpcError(
        status.UNAVAILABLE,
        'busy',
        metadata({ 'grpc-retry-pushback-ms': value }),
      );
      expect(grpcClassifier()(error, ctx)).toEqual({
        retryable: false,
        reason: 'grpc UNAVAILABLE, server pushback: do not retry',
      });
    },
  );

  it('ignores a pushback on a code it does not retry', () => {
    const md = metadata({ 'grpc-retry-pushback-ms': '250' });
    expect(grpcClassifier()(grpcError(status.NOT_FOUND, 'x', md), ctx)).toEqual({
      retryable: false,
      reason: 'grpc NOT_FOUND',
    });
  });

  it.each([
    ['a string', 'UNAVAILABLE', TypeError],
    ['null', null, TypeError],
    ['a code above 16', [17], RangeError],
    ['a negative code', [-1], RangeError],
    ['a fractional code', [1.5], RangeError],
    ['NaN', [Number.NaN], RangeError],
    ['a code name', ['UNAVAILABLE'], RangeError],
    [
      'an object that cannot be printed',
      [
        {
          toString: () => {
            throw new Error('no');
          },
        },
      ],
      RangeError,
    ],
  ])('rejects retryableCodes given as %s, naming the option', (_name, codes, type) => {
    const options = { retryableCodes: codes as unknown as number[] };
    expect(() => grpcClassifier(options)).toThrow(type);
    expect(() => grpcClassifier(options)).toThrow(/retryableCodes/);
  });

  it('rejects options that are not an object', () => {
    expect(() => grpcClassifier(null as never)).toThrow(TypeError);
  });

  it('keeps its own copy of the codes', () => {
    const codes = [14];
    const classify = grpcClassifier({ retryableCodes: codes });
    codes.push(13);
    expect(classify(grpcError(status.INTERNAL), ctx)?.retryable).toBe(false);
  });
});

// The table of ../shared/seeds/cosi-sidecar-bug-report.md, "Error Code Classification", row by row.
describe('grpcPresets.cosi holds the COSI sidecar table', () => {
  it.each([
    ['Internal', status.INTERNAL, true],
    ['InvalidArgument', status.INVALID_ARGUMENT, false],
    ['PermissionDenied', status.PERMISSION_DENIED, false],
    ['FailedPrecondition', status.FAILED_PRECONDITION, false],
    ['ResourceExhausted', status.RESOURCE_EXHAUSTED, false],
    ['AlreadyExists', status.ALREADY_EXISTS, false],
    ['NotFound', status.NOT_FOUND, false],
    ['Unauthenticated', status.UNAUTHENTICATED, false],
    ['Unimplemented', status.UNIMPLEMENTED, false],
    ['Unavailable', status.UNAVAILABLE, false],
    ['DeadlineExceeded', status.DEADLINE_EXCEEDED, false],
    ['Unknown', status.UNKNOWN, false],
  ])('%s → retry %s', (_name, code, retryable) => {
    const classify = grpcClassifier({ retryableCodes: grpcPresets.cosi });
    expect(classify(grpcError(code), ctx)?.retryable).toBe(retryable);
  });
});

// TestIsRetryableError of ../shared/seeds/cosi-upstream-plan.md, ported case by case.
describe('TestIsRetryableError (COSI upstream plan)', () => {
  const isRetryableError = (err: unknown) =>
    grpcClassifier({ retryableCodes: grpcPresets.cosi })(err, ctx)?.retryable === true;

  it.each([
    { name: 'Internal should retry', code: status.INTERNAL, retryable: true },
    { name: 'InvalidArgument should not retry', code: status.INVALID_ARGUMENT, retryable: false },
    { name: 'PermissionDenied should not retry', code: status.PERMISSION_DENIED, retryable: false },
    {
      name: 'FailedPrecondition should not retry',
      code: status.FAILED_PRECONDITION,
      retryable: false,
    },
    {
      name: 'ResourceExhausted should not retry',
      code: status.RESOURCE_EXHAUSTED,
      retryable: false,
    },
    { name: 'AlreadyExists should not retry', code: status.ALREADY_EXISTS, retryable: false },
    { name: 'NotFound should not retry', code: status.NOT_FOUND, retryable: false },
    { name: 'Unavailable should not retry', code: status.UNAVAILABLE, retryable: false },
    { name: 'Unknown should not retry', code: status.UNKNOWN, retryable: false },
  ])('$name', ({ code, retryable }) => {
    // status.Error(tt.code, "test error")
    expect(isRetryableError(grpcError(code, 'test error'))).toBe(retryable);
  });
});

describe(parsePushback.name, () => {
  it.each([
    ['0', 0],
    ['250', 250],
    [' 250 ', 250],
    ['007', 7],
    [250, 250],
    [['250'], 250],
    [['100', '900'], 100],
    ['99999999999999999999', Number.MAX_SAFE_INTEGER],
  ])('reads %j as a delay of %i ms', (value, delayMs) => {
    expect(parsePushback(value)).toEqual({ delayMs });
  });

  it.each([
    '-1',
    '-0',
    '1.5',
    '1e3',
    '+5',
    '0x10',
    '',
    '   ',
    'soon',
    'NaN',
    'Infinity',
    '123456789012345678901',
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    {},
    Buffer.from('250'),
    [''],
  ])('reads %j as "do not retry"', (value) => {
    expect(parsePushback(value)).toBe('stop');
  });

  it.each([undefined, null, [], [null]])('reads %j as no pushback', (value) => {
    expect(parsePushback(value)).toBeUndefined();
  });

  it('reads a list that throws as no pushback', () => {
    const hostile = new Proxy(['250'], {
      get: () => {
        throw new Error('no');
      },
    });
    expect(parsePushback(hostile)).toBeUndefined();
  });

  it('reads an absent key of a real Metadata as no pushback', () => {
    expect(parsePushback(new Metadata().get('grpc-retry-pushback-ms'))).toBeUndefined();
  });
});
