/** `retrywise/testing`: helpers for testing code that retries. */
export { FakeClock } from './fake-clock.js';
