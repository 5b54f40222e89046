/**
 * The gRPC status codes, numbered as on the wire.
 *
 * @see https://github.com/grpc/grpc/blob/master/doc/statuscodes.md
 */

/**
 * The status codes by name, in wire order: `GRPC_CODE.UNAVAILABLE === 14`.
 *
 * @see https://github.com/grpc/grpc/blob/master/doc/statuscodes.md
 */
export const GRPC_CODE = /* @__PURE__ */ Object.freeze({
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const);

/** Status code names by number, derived from {@link GRPC_CODE}: `GRPC_CODE_NAMES[14] === 'UNAVAILABLE'`. */
export const GRPC_CODE_NAMES: readonly string[] = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ Object.keys(GRPC_CODE),
);

/** `true` for an integer gRPC status code, 0–16. */
export function isGrpcCode(value: unknown): value is number {
  return (
    Number.isInteger(value) && (value as number) >= 0 && (value as number) < GRPC_CODE_NAMES.length
  );
}
