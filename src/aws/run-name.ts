/**
 * Naming runs after the AWS SDK command (`'PutObject'`). The SDK tells a retry strategy nothing
 * about the command: `acquireInitialRetryToken(scope)` gets only the token scope, which the retry
 * middleware builds from `context.partition_id` (no other part of the SDK reads it). A middleware
 * early on the stack appends the operation's name to it; the strategy reads it back.
 *
 * @see https://github.com/smithy-lang/smithy-typescript/blob/main/packages/types/src/retry.ts (the scope is "arbitrary")
 */
import { readProperty } from '../classify/inspect.js';
import type { Policy } from '../policy/options.js';
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

/** Appends the command's operation to the retry token scope of its `send()`. */
function stamp(context: unknown): void {
  const operation = operationOf(context);
  if (operation === undefined) return;
  try {
    const partition = readProperty(context, 'partition_id');
    (context as { partition_id?: string }).partition_id =
      `${typeof partition === 'string' ? partition : ''}${MARK}${operation}`;
  } catch {
    // A frozen context: the run keeps the retryer's name.
  }
}

/** Adds the middleware that names runs after their command (`client.middlewareStack.use(strategy)`). */
export function runNamePlugin(stack: AwsMiddlewareStack): void {
  stack.add(
    (next, context) => (args) => {
      stamp(context);
      return next(args);
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
