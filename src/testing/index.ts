/**
 * `retrywise/testing`: helpers for testing code that retries.
 *
 * @module retrywise/testing
 */
export { FakeClock } from './fake-clock.js';
