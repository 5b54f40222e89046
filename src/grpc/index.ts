/** `retryer/grpc`: filled in by its own issue. */
export {};
