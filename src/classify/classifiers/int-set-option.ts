/** Eager validation of the list options of the classifiers (`retryableCodes`, `retryableStatuses`). */

function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}

/**
 * `value` as a set of integers in [min, max], or a TypeError/RangeError that names `option`.
 *
 * @example
 * ```ts
 * intSetOption('retryableStatuses', [503], 100, 599); // Set {503}
 * intSetOption('retryableCodes', [17], 0, 16); // RangeError: retryableCodes must hold integers 0–16, got 17
 * ```
 */
export function intSetOption(
  option: string,
  value: unknown,
  min: number,
  max: number,
): ReadonlySet<number> {
  if (!Array.isArray(value)) {
    throw new TypeError(
      `${option} must be an array of integers ${min}–${max}, got ${shown(value)}`,
    );
  }
  for (const item of value) {
    if (!Number.isInteger(item) || item < min || item > max) {
      throw new RangeError(`${option} must hold integers ${min}–${max}, got ${shown(item)}`);
    }
  }
  return new Set(value as number[]);
}
