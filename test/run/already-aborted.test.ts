/**
 * A run started on a signal that is already aborted (a shutdown in progress) never calls the
 * operation, and is seen like any other aborted run: onGiveUp, a log line, retryInfo, retryStats.
 */
import { describe, expect, it } from 'vitest';
import { type GiveUpEvent, Retryer, retryInfo, retryStats } from '../../src/index.js';
import { settled } from '../support/helpers.js';

function aborted(reason: unknown): AbortSignal {
  const controller = new AbortController();
  controller.abort(reason);
  return controller.signal;
}

describe('a run on an already-aborted signal', () => {
  it.each([
    ['the retryer', 'retryer'],
    ['the run', 'run'],
  ])(
    'rejects with the reason, calls nothing, and reports the give-up (signal on %s)',
    async (_, where) => {
      const reason = new Error('shutting down');
      const signal = aborted(reason);
      const giveUps: GiveUpEvent[] = [];
      const stats = retryStats();
      const runGiveUps: GiveUpEvent[] = [];
      const lines: [string, string, Record<string, unknown>][] = [];
      const at = (level: string) => (message: string, fields: Record<string, unknown>) => {
        lines.push([level, message, fields]);
      };
      const retryer = new Retryer({
        name: 'sync-bucket',
        onGiveUp: (event) => {
          giveUps.push(event);
          stats.hooks.onGiveUp(event);
        },
        logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
        ...(where === 'retryer' ? { signal } : {}),
      });
      let calls = 0;
      const outcome = await settled(
        retryer.run(
          () => {
            calls++;
            return 'done';
          },
          { onGiveUp: (event) => runGiveUps.push(event), ...(where === 'run' ? { signal } : {}) },
        ),
      );
      expect(outcome).toEqual({ ok: false, error: reason });
      expect(calls).toBe(0);
      expect(giveUps).toMatchObject([
        { attempts: 0, reason: 'aborted', error: reason, name: 'sync-bucket' },
      ]);
      expect(runGiveUps).toMatchObject([{ attempts: 0, reason: 'aborted' }]);
      expect(lines).toEqual([
        [
          'info',
          'operation aborted before its first attempt',
          expect.objectContaining({ operation: 'sync-bucket', attempts: 0, reason: 'aborted' }),
        ],
      ]);
      expect(retryInfo(reason)).toMatchObject({ attempts: 0, reason: 'aborted', errors: [] });
      expect(stats.snapshot()).toMatchObject({ operations: 1, giveUps: { aborted: 1 } });
    },
  );

  it('rejects with a reason that is not an error as it is', async () => {
    const outcome = await settled(new Retryer({ signal: aborted('stop') }).run(() => 1));
    expect(outcome).toEqual({ ok: false, error: 'stop' });
  });
});
