// Runs a give-up with globalThis frozen, as hardened JavaScript does, and prints what the run
// rejected with. Node's lazy globals are touched first: freezing would break them otherwise.
void [AbortController, AbortSignal, DOMException, performance];
Object.freeze(globalThis);
const { Retryer, retryInfo } = await import('../../src/index.ts');
const error = new Error('permanent');
const caught = await new Retryer({ maxAttempts: 1 })
  .run(() => {
    throw error;
  })
  .catch((e) => e);
console.log(JSON.stringify({ same: caught === error, reason: retryInfo(caught)?.reason }));
