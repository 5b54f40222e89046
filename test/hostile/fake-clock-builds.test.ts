/**
 * FakeClock as users get it: from the built ESM (`dist/testing.js`) and CJS (`dist/testing.cjs`)
 * files, under `vi.useFakeTimers()` and under `@sinonjs/fake-timers` `install()` with its
 * defaults (which fake `setImmediate`, `nextTick` and `queueMicrotask`, and patch the `timers`
 * module too), each driving a real Retryer of the same build through retries and an abort.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import FakeTimers from '@sinonjs/fake-timers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Core from '../../src/index.js';
import type * as Testing from '../../src/testing/index.js';
import { builtPackage } from '../support/build.js';
import { abortListeners } from '../support/helpers.js';

interface Build {
  readonly core: typeof Core;
  readonly testing: typeof Testing;
}

/** Taken before any fake is installed: bounds a hang to a clear failure instead of a test timeout. */
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = realSetTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, hang]).finally(() => realClearTimeout(timer));
}

interface Fakes {
  /** Timers the fakes hold (none may be left). */
  count(): number;
  uninstall(): void;
}

const fakes: Record<string, () => Fakes> = {
  'vi.useFakeTimers()': () => {
    vi.useFakeTimers();
    return { count: () => vi.getTimerCount(), uninstall: () => vi.useRealTimers() };
  },
  '@sinonjs/fake-timers install() with defaults': () => {
    const clock = FakeTimers.install();
    return { count: () => clock.countTimers(), uninstall: () => clock.uninstall() };
  },
};

let dir: string;
const builds: Record<string, () => Promise<Build>> = {
  'ESM build (testing.js)': async () => ({
    core: (await import(pathToFileURL(join(dir, 'index.js')).href)) as typeof Core,
    testing: (await import(pathToFileURL(join(dir, 'testing.js')).href)) as typeof Testing,
  }),
  'CJS build (testing.cjs)': async () => {
    const require = createRequire(import.meta.url);
    return {
      core: require(join(dir, 'index.cjs')) as typeof Core,
      testing: require(join(dir, 'testing.cjs')) as typeof Testing,
    };
  },
};

beforeAll(async () => {
  dir = await builtPackage();
}, 120_000);

class Busy extends Error {}

describe.each(Object.keys(builds))('FakeClock from the %s', (buildName) => {
  let build: Build;
  beforeAll(async () => {
    build = await (builds[buildName] as () => Promise<Build>)();
  });

  describe.each(Object.keys(fakes))('under %s', (fakesName) => {
    let installed: Fakes | undefined;
    const install = () => {
      installed = (fakes[fakesName] as () => Fakes)();
      return installed;
    };
    afterEach(() => {
      installed?.uninstall();
      installed = undefined;
    });

    it('advance(1000) resolves and fires the sleep due on the way', async () => {
      const timers = install();
      const clock = new build.testing.FakeClock();
      let woke = -1;
      void clock.sleep(400).then(() => {
        woke = clock.now();
      });
      await within(2000, 'advance(1000)', clock.advance(1000));
      expect(woke).toBe(400);
      expect(clock.now()).toBe(1000);
      expect(timers.count()).toBe(0);
    });

    it('drives a Retryer of the same build through two retries to success', async () => {
      const timers = install();
      const { Retryer, retryable } = build.core;
      const clock = new build.testing.FakeClock();
      let calls = 0;
      const run = new Retryer({ clock, jitter: 'none', initialDelayMs: 100 }).run(async () => {
        if (++calls < 3) throw retryable(new Busy('busy'));
        return 'done';
      });
      await within(2000, 'runAll()', clock.runAll());
      await expect(run).resolves.toBe('done');
      expect(clock.sleeps).toEqual([100, 200]);
      expect(clock.now()).toBe(300);
      expect(timers.count()).toBe(0);
    });

    it('aborts a Retryer of the same build mid-backoff: rejects with the reason, nothing left', async () => {
      const timers = install();
      const { Retryer, retryable } = build.core;
      const clock = new build.testing.FakeClock();
      const controller = new AbortController();
      let calls = 0;
      const run = new Retryer({ clock, jitter: 'none', initialDelayMs: 1000 }).run(
        async () => {
          calls++;
          throw retryable(new Busy('busy'));
        },
        { signal: controller.signal },
      );
      const rejected = expect(run).rejects.toBe('stop');
      await within(2000, 'advance(500)', clock.advance(500));
      expect(calls).toBe(1);
      expect(clock.pending).toBe(1);
      controller.abort('stop');
      await rejected;
      await within(2000, 'advance(5000)', clock.advance(5000));
      expect(calls).toBe(1);
      expect(clock.pending).toBe(0);
      expect(abortListeners(controller.signal)).toBe(0);
      expect(timers.count()).toBe(0);
    });
  });
});

describe('FakeClock from the CJS build, first loaded while fake timers are installed', () => {
  it.each(Object.keys(fakes))('advance resolves under %s', async (fakesName) => {
    const timers = (fakes[fakesName] as () => Fakes)();
    try {
      const require = createRequire(import.meta.url);
      for (const id of Object.keys(require.cache)) {
        if (id.startsWith(dir)) delete require.cache[id];
      }
      const { FakeClock } = require(join(dir, 'testing.cjs')) as typeof Testing;
      const clock = new FakeClock();
      const slept = clock.sleep(10);
      await within(2000, 'advance(10)', clock.advance(10));
      await slept;
      expect(clock.now()).toBe(10);
      expect(timers.count()).toBe(0);
    } finally {
      timers.uninstall();
    }
  });
});
