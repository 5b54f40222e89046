/**
 * A zero-delay retry: what one extra attempt costs when the schedule says "now". Each run fails
 * 4 times with a retryable error and succeeds on the fifth call; the cost per extra attempt is
 * (time of that run − time of a first-try success) / 4, for the same library. The bare loop's
 * own cost per attempt (an async function rejecting, Node tracking the rejection) is in every
 * row; "over bare loop" is what the library adds.
 */
import { do_not_optimize } from 'mitata';
import { contenders, type Runner, TRANSIENT } from './contenders.js';
import { type Case, interleaved } from './measure.js';
import { duration, table } from './table.js';

const FAILURES = 4;
/** A signal that never aborts. */
const signal = new AbortController().signal;
const succeed = async (): Promise<number> => 42;

/** An operation that fails `FAILURES` times, then succeeds. */
function flaky(): () => Promise<number> {
  let calls = 0;
  return async () => {
    if (++calls <= FAILURES) throw TRANSIENT;
    return 42;
  };
}

/** The hand-written loop a library competes with: no delay, no classification. */
async function bareLoop(op: () => Promise<number>): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      if (attempt > FAILURES) throw error;
    }
  }
}

function pair(name: string, run: Runner, calls: number): Case[] {
  return [
    {
      name: `${name}/ok`,
      calls,
      fn: async () => {
        for (let i = 0; i < calls; i++) do_not_optimize(await run(succeed));
      },
    },
    {
      name: `${name}/retry`,
      calls,
      fn: async () => {
        for (let i = 0; i < calls; i++) do_not_optimize(await run(flaky()));
      },
    },
  ];
}

/** Calls per sample: ~0.2 ms of work, so that 1 ms `setTimeout(0)` retries still fit the budget. */
async function callsFor(run: Runner): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < 20; i++) await run(flaky());
  const msPerRun = (performance.now() - started) / 20;
  return Math.max(1, Math.min(1000, Math.round(0.2 / msPerRun)));
}

export async function zeroDelay(): Promise<string> {
  const runners: [string, Runner][] = [
    ['bare try/catch loop', bareLoop],
    ...contenders.map((c): [string, Runner] => [
      c.name,
      c.make({ attempts: FAILURES + 1, delayMs: 0 }),
    ]),
    // With a signal, every attempt and every sleep is raced against it (retryer) or checked.
    ...contenders
      .filter((c) => c.abortable)
      .map((c): [string, Runner] => {
        const run = c.make({ attempts: FAILURES + 1, delayMs: 0 });
        return [`${c.name}, with a signal`, (op) => run(op, signal)];
      }),
  ];
  const cases: Case[] = [];
  for (const [name, run] of runners) cases.push(...pair(name, run, await callsFor(run)));
  const ns = await interleaved(cases, { rounds: 5, cpuTimeMs: 60 });
  const bareExtra = extra(ns, 'bare try/catch loop');
  return table(
    [
      'zero-delay retry (fails 4×, then succeeds)',
      'whole run',
      'per extra attempt',
      'over bare loop',
    ],
    runners.map(([name]) => {
      const perAttempt = extra(ns, name);
      return [
        name,
        duration(ns.get(`${name}/retry`) as number),
        duration(perAttempt),
        name.startsWith('bare') ? '—' : duration(perAttempt - bareExtra),
      ];
    }),
  );
}

function extra(ns: Map<string, number>, name: string): number {
  return ((ns.get(`${name}/retry`) as number) - (ns.get(`${name}/ok`) as number)) / FAILURES;
}
