import { describe, expect, it } from 'vitest';
import { runNameIn, runNamePlugin } from '../../src/aws/run-name.js';

type Middleware = (
  next: (args: never) => Promise<unknown>,
  context: object,
) => (args: never) => Promise<unknown>;

/** The middleware the plugin adds, and the options it adds it with. */
function added(): { middleware: Middleware; options: object } {
  let result: { middleware: Middleware; options: object } | undefined;
  runNamePlugin({ add: (middleware, options) => (result = { middleware, options }) });
  if (result === undefined) throw new Error('nothing added');
  return result;
}

async function scopeAfter(context: object): Promise<string | undefined> {
  await added().middleware(async () => undefined, context)(undefined as never);
  return (context as { partition_id?: string }).partition_id;
}

describe('run names for AWS commands', () => {
  it('adds one named middleware at the initialize step', () => {
    expect(added().options).toEqual({
      step: 'initialize',
      name: 'retrywiseRunName',
      override: true,
    });
  });

  it('puts the operation into the retry token scope, keeping a partition that was there', async () => {
    const scope = await scopeAfter({ __smithy_context: { operation: 'PutObject' } });
    expect(runNameIn(scope)).toBe('PutObject');
    const kept = await scopeAfter({ partition_id: 'aws', commandName: 'GetObjectCommand' });
    expect(kept).toBe('aws#retrywise:GetObject');
    expect(runNameIn(`${kept}:longpoll`)).toBe('GetObject');
  });

  it.each([
    ['no operation', {}],
    ['an empty operation', { __smithy_context: { operation: '' } }],
    ['an operation with spaces only', { __smithy_context: { operation: ' ' } }],
  ])('leaves the scope alone for %s', async (_name, context) => {
    expect(await scopeAfter(context)).toBeUndefined();
  });

  it('survives a frozen context', async () => {
    const context = Object.freeze({ commandName: 'ListBucketsCommand' });
    await expect(scopeAfter(context)).resolves.toBeUndefined();
  });

  it.each([
    ['', undefined],
    ['aws', undefined],
    ['#retrywise:', undefined],
    ['#retrywise:Put Object', 'Put'],
    [':longpoll', undefined],
  ])('reads the scope %j as %s', (scope, name) => {
    expect(runNameIn(scope)).toBe(name);
  });
});
