/**
 * One turn of the event loop, for a run that retries with zero delay: timers, I/O and aborts run
 * before it continues. `setImmediate` is taken when this module loads, before a test can fake
 * it, so that a zero-delay retry never waits for fake time to be advanced; where there is no
 * real one (a browser, or fakes installed before the import), a `MessageChannel` message.
 */

type Turn = <A>(callback: (arg: A) => void, arg: A) => void;

/** `setImmediate` as this module found it, unless it was already a fake (they carry `clock`). */
const realSetImmediate: Turn | undefined = /* @__PURE__ */ (() => {
  const immediate = (globalThis as { setImmediate?: Turn & { clock?: unknown } }).setImmediate;
  return typeof immediate === 'function' && immediate.clock === undefined ? immediate : undefined;
})();

/** Node's ports can be unreferenced, so that a port alone never keeps the process running. */
type NodePort = MessagePort & { ref?: () => void; unref?: () => void };

let channel: { readonly sender: MessagePort; readonly receiver: NodePort } | undefined;
let queue: [callback: (arg: never) => void, arg: unknown][] = [];

function runQueue(): void {
  const tasks = queue;
  queue = [];
  channel?.receiver.unref?.();
  for (const [callback, arg] of tasks) {
    try {
      (callback as (arg: unknown) => void)(arg);
    } catch (error) {
      // Not ours to swallow: report it as an uncaught exception would be, after the others ran.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

function viaMessage<A>(callback: (arg: A) => void, arg: A): void {
  if (channel === undefined) {
    const { port1, port2 } = new MessageChannel();
    port2.onmessage = runQueue;
    channel = { sender: port1, receiver: port2 };
  }
  if (queue.length === 0) {
    channel.receiver.ref?.();
    channel.sender.postMessage(undefined);
  }
  queue.push([callback as (arg: never) => void, arg]);
}

/** Calls `callback(arg)` after one turn of the event loop. */
export function nextTurn<A>(callback: (arg: A) => void, arg: A): void {
  if (realSetImmediate !== undefined) realSetImmediate(callback, arg);
  else if (typeof MessageChannel === 'function') viaMessage(callback, arg);
  else globalThis.setTimeout(callback, 0, arg);
}
