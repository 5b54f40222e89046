/**
 * Runs without a signal or timeout share one `ctx.signal` that never aborts. What operations hang
 * on it must neither pile up (10⁴ concurrent runs) nor warn, and it must still work as a signal
 * for real I/O.
 */

import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Retryer } from '../../src/index.js';

describe('the ctx.signal of a run without signal or timeout', () => {
  it('keeps no listener and raises no MaxListenersExceededWarning, however many runs use it', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', onWarning);
    try {
      const retryer = new Retryer();
      const signals = new Set<AbortSignal>();
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const runs = Array.from({ length: 10_000 }, () =>
        retryer.run(async ({ signal }) => {
          signals.add(signal);
          signal.addEventListener('abort', () => {}); // never removed, as careless code does
          await gate;
          return signal.aborted;
        }),
      );
      expect(signals.size).toBe(1);
      const [shared] = [...signals] as [AbortSignal];
      expect(getEventListeners(shared, 'abort')).toHaveLength(0);
      release();
      expect(new Set(await Promise.all(runs))).toEqual(new Set([false]));
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('is a real AbortSignal that fetch accepts', async () => {
    const server = createServer((_, res) => res.end('pong'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const body = await new Retryer().run(async ({ signal }) => {
        expect(signal).toBeInstanceOf(AbortSignal);
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal });
        return res.text();
      });
      expect(body).toBe('pong');
    } finally {
      server.close();
    }
  });
});
