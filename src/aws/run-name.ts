/**
 * Naming runs after the AWS SDK command (`'PutObject'`). The SDK tells a retry strategy nothing
 * about the command: `acquireInitialRetryToken(scope)` gets only the token scope, which the retry
 * middleware builds from `context.partition_id` (no other part of the SDK reads it). A middleware
 * early on the stack appends the operation's name to it; the strategy reads it back.
 *
 * The same middleware lends the strategy the `send()`'s abort signal (request-signal.ts), under a
 * key at the end of the scope: `<partition>#retrywise:PutObject~12`.
 *
 * @see https://github.com/smithy-lang/smithy-typescript/blob/main/packages/types/src/retry.ts (the scope is "arbitrary")
 */
import { readProperty } from '../classify/inspect.js';
import type { Policy } from '../policy/options.js';
import { giveBack, KEY_MARK, lend } from './request-signal.js';
import type { AwsMiddlewareStack } from './types.js';

const MARK = '#retrywise:';
const OPERATION = /^[A-Za-z0-9_]{1,128}/;
/** The SDK's per-command context key (`SMITHY_CONTEXT_KEY`), holding `operation`. */
const SMITHY_CONTEXT = '__smithy_context';
/** Named policies kept per strategy: one per command, bounded. */
const MAX_NAMES = 512;

/** The operation a command's context names: `'PutObject'`, or the command name without `Command`. */
function operationOf(context: unknown): string | undefined {
  const operation = readProperty(readProperty(context, SMITHY_CONTEXT), 'operation');
  const command = readProperty(context, 'commandName');
  const name =
    typeof operation === 'string' && operation !== ''
      ? operation
      : typeof command === 'string'
        ? command.replace(/Command$/, '')
        : undefined;
  return name === undefined ? undefined : OPERATION.exec(name)?.[0];
}

/** The `send()`'s abort signal, as the SDK gives it to its retry middleware. */
function abortSignalOf(context: unknown): AbortSignal | undefined {
  const signal = readProperty(readProperty(context, SMITHY_CONTEXT), 'abortSignal');
  return typeof signal === 'object' &&
    signal !== null &&
    typeof (signal as AbortSignal).addEventListener === 'function'
    ? (signal as AbortSignal)
    : undefined;
}

/**
 * Appends the command's operation, and the key of its lent abort signal, to the retry token scope
 * of its `send()`. Returns the key, to give back when the `send()` settles.
 */
function stamp(context: unknown): string | undefined {
  const operation = operationOf(context);
  const signal = abortSignalOf(context);
  if (operation === undefined && signal === undefined) return undefined;
  const key = signal === undefined ? undefined : lend(signal);
  try {
    const partition = readProperty(context, 'partition_id');
    (context as { partition_id?: string }).partition_id =
      `${typeof partition === 'string' ? partition : ''}${MARK}${operation ?? ''}${key === undefined ? '' : KEY_MARK + key}`;
  } catch {
    // A frozen context: the run keeps the retryer's name, and the retryer's signal only.
    if (key !== undefined) giveBack(key);
    return undefined;
  }
  return key;
}

/**
 * Adds the middleware that names runs after their command and lends the strategy each `send()`'s
 * abort signal (`client.middlewareStack.use(strategy)`).
 */
export function runNamePlugin(stack: AwsMiddlewareStack): void {
  stack.add(
    (next, context) => (args) => {
      const key = stamp(context);
      if (key === undefined) return next(args);
      return next(args).finally(() => giveBack(key));
    },
    { step: 'initialize', name: 'retrywiseRunName', override: true },
  );
}

/** The operation the middleware put in a retry token scope, if any. */
export function runNameIn(scope: unknown): string | undefined {
  if (typeof scope !== 'string') return undefined;
  const at = scope.lastIndexOf(MARK);
  return at < 0 ? undefined : OPERATION.exec(scope.slice(at + MARK.length))?.[0];
}

/**
 * The policy of a `send()` with `scope`: `policy` itself when the retryer has a name or the
 * scope names no command, else a copy named after the command (one per command, cached).
 */
export function namedPolicies(policy: Policy): (scope: unknown) => Policy {
  if (policy.name !== undefined) return () => policy;
  const byName = new Map<string, Policy>();
  return (scope) => {
    const name = runNameIn(scope);
    if (name === undefined) return policy;
    let named = byName.get(name);
    if (named === undefined) {
      named = Object.freeze({ ...policy, name });
      if (byName.size < MAX_NAMES) byName.set(name, named);
    }
    return named;
  };
}
