/** Checks for user input that name the option at fault. */

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function show(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return typeName(value);
  }
}

/** `value` as a number, or a `TypeError` naming `name`. */
export function requireNumber(name: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a number, got ${typeName(value)}`);
  }
  return value;
}

/** A finite number ≥ 0, or the default when `undefined`. */
export function nonNegative(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = requireNumber(name, value);
  if (!(Number.isFinite(n) && n >= 0)) {
    throw new RangeError(`${name} must be a finite number ≥ 0, got ${show(n)}`);
  }
  return n;
}

/** A function, `undefined`, or a `TypeError` naming `name`. */
export function optionalFunction<F>(name: string, value: unknown): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') {
    throw new TypeError(`${name} must be a function, got ${typeName(value)}`);
  }
  return value as F;
}

/** `true` for a non-null object whose properties `names` are all functions (a duck-typed interface). */
export function hasMethods(value: unknown, names: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((name) => typeof record[name] === 'function');
}

/** One of `allowed`, or a `RangeError` naming `name`. */
export function oneOf<T extends string>(
  name: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw new RangeError(
    `${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(value)}`,
  );
}

export { show, typeName };
