/** `retryer/aws`: filled in by its own issue. */
export {};
