/** `retryer/azure`: filled in by its own issue. */
export {};
