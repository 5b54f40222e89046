import { describe, expect, it } from 'vitest';
import { awsRetryStrategy } from '../../src/aws/index.js';
import { azureRetryPolicy } from '../../src/azure/index.js';
import { Retryer } from '../../src/index.js';

describe('hedging and the SDK adapters', () => {
  const hedged = new Retryer({ hedgeDelayMs: 50, maxAttempts: 2 });

  it('azureRetryPolicy refuses a hedging retryer: a pipeline request is one object, sent one attempt at a time', () => {
    expect(() => azureRetryPolicy(hedged)).toThrow(TypeError);
    expect(() => azureRetryPolicy(hedged)).toThrow(/azureRetryPolicy cannot hedge/);
  });

  it('awsRetryStrategy refuses a hedging retryer instead of silently not hedging', () => {
    expect(() => awsRetryStrategy(hedged)).toThrow(TypeError);
    expect(() => awsRetryStrategy(hedged)).toThrow(/awsRetryStrategy cannot hedge/);
  });

  it('both take the same retryer without hedgeDelayMs', () => {
    const plain = new Retryer({ maxAttempts: 2 });
    expect(() => azureRetryPolicy(plain)).not.toThrow();
    expect(() => awsRetryStrategy(plain)).not.toThrow();
  });
});
