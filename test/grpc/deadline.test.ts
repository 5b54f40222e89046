import type { CallOptions } from '@grpc/grpc-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callDeadline, deadlineOn, isPast } from '../../src/grpc/deadline.js';
import { FakeClock } from '../../src/testing/index.js';
import { systemClock } from '../../src/time/clock.js';

const NOW = 1_700_000_000_000;
const parent = (deadline: Date | number) =>
  ({ getDeadline: () => deadline }) as unknown as CallOptions['parent'];

afterEach(() => {
  vi.useRealTimers();
});

describe(callDeadline.name, () => {
  it.each<[string, CallOptions, number]>([
    ['no deadline', {}, Infinity],
    ['epoch ms', { deadline: NOW + 400 }, NOW + 400],
    ['a Date', { deadline: new Date(NOW + 400) }, NOW + 400],
    ['Infinity', { deadline: Infinity }, Infinity],
    ['an invalid Date (as none)', { deadline: new Date(Number.NaN) }, Infinity],
    ['a sooner parent deadline', { deadline: NOW + 400, parent: parent(NOW + 100) }, NOW + 100],
    ['a later parent deadline', { deadline: NOW + 400, parent: parent(NOW + 900) }, NOW + 400],
    ['a parent Date deadline', { parent: parent(new Date(NOW + 100)) }, NOW + 100],
    [
      'a parent whose deadline is not propagated',
      { deadline: NOW + 400, parent: parent(NOW + 100), propagate_flags: 0 },
      NOW + 400,
    ],
  ])('reads %s', (_, options, expected) => {
    expect(callDeadline(options)).toBe(expected);
  });
});

describe(deadlineOn.name, () => {
  it('keeps the deadline as is on the system clock (to the ms: it is monotonic, not Date)', () => {
    // systemClock.now() is aligned with Date.now() once; the two may differ by a rounding ms.
    expect(Math.abs((deadlineOn(systemClock, NOW + 400) ?? 0) - (NOW + 400))).toBeLessThanOrEqual(
      1,
    );
  });

  it('translates it to the time that remains on another clock', () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    expect(deadlineOn(new FakeClock({ now: 50 }), NOW + 400)).toBe(450);
  });

  it('is undefined without a deadline', () => {
    expect(deadlineOn(new FakeClock(), Infinity)).toBeUndefined();
  });
});

describe(isPast.name, () => {
  it.each([
    [NOW - 1, true],
    [NOW, true],
    [NOW + 1, false],
    [Infinity, false],
  ])('deadline %d at now is past: %s', (deadline, expected) => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    expect(isPast(deadline)).toBe(expected);
  });
});
