/**
 * A structural copy of a request message, taken when the caller sends it, so that a retry sends
 * the message as it was then even if the caller reuses the object (`req.name = 'B'`). grpc-js
 * serializes below the interceptors, so the copy must still be a message its serializer takes:
 * prototypes are kept (protobufjs and google-protobuf messages, `Long`), plain data is copied,
 * byte arrays and dates are copied, cycles are kept as cycles.
 */

const TYPED_SLICE = Uint8Array.prototype.slice;

/** A copy of `value` that shares no mutable object with it. */
export function snapshot(value: unknown): unknown {
  return copy(value, new Map());
}

function copy(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (ArrayBuffer.isView(value)) {
    // %TypedArray%.prototype.slice copies (Buffer's own slice would share the memory).
    return value instanceof DataView ? value : TYPED_SLICE.call(value as Uint8Array);
  }
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Map) {
    const map = new Map();
    seen.set(value, map);
    for (const [k, v] of value) map.set(copy(k, seen), copy(v, seen));
    return map;
  }
  const out: Record<PropertyKey, unknown> = Array.isArray(value)
    ? []
    : Object.create(Object.getPrototypeOf(value));
  seen.set(value, out);
  for (const key of Reflect.ownKeys(value)) {
    const field = Object.getOwnPropertyDescriptor(value, key);
    if (field === undefined) continue;
    if ('value' in field) field.value = copy(field.value, seen);
    Object.defineProperty(out, key, field);
  }
  return out;
}
