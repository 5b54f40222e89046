/** The rules of size-budget.json, apart from the bundling (scripts/size.ts), so tests can check them. */

/** One import and the most gzipped bytes it may ship. */
export interface Budget {
  /** What is imported: `'{ Retryer }'`, or `'*'` for the whole entry. */
  readonly import: string;
  /** The package or subpath: `'retrywise'`, `'retrywise/grpc'`. */
  readonly from: string;
  readonly limitBytes: number;
}

/** The budgets of a parsed size-budget.json, or an error naming the entry that is malformed. */
export function budgetsOf(file: unknown): Budget[] {
  const list = (file as { budgets?: unknown } | null)?.budgets;
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError('size-budget.json: "budgets" must be a non-empty array');
  }
  return list.map((entry: Partial<Budget>, i) => {
    const where = `size-budget.json budgets[${i}]`;
    if (typeof entry.import !== 'string' || !/^(\*|\{ [\w$]+(, [\w$]+)* \})$/.test(entry.import)) {
      throw new TypeError(
        `${where}: "import" must be "*" or "{ Name, … }", got ${JSON.stringify(entry.import)}`,
      );
    }
    if (typeof entry.from !== 'string' || entry.from === '') {
      throw new TypeError(
        `${where}: "from" must be the package or a subpath, got ${JSON.stringify(entry.from)}`,
      );
    }
    if (!(Number.isInteger(entry.limitBytes) && (entry.limitBytes as number) > 0)) {
      throw new RangeError(
        `${where}: "limitBytes" must be an integer > 0, got ${JSON.stringify(entry.limitBytes)}`,
      );
    }
    return { import: entry.import, from: entry.from, limitBytes: entry.limitBytes as number };
  });
}

/** The import as a user writes it. */
export function statement(budget: Budget): string {
  const names = budget.import === '*' ? '* as everything' : budget.import;
  return `import ${names} from '${budget.from}'`;
}

/** A module that uses the import: it re-exports it, so the bundler keeps exactly that. */
export function entrySource(budget: Budget, from: string = budget.from): string {
  return `export ${budget.import} from ${JSON.stringify(from)};`;
}

/** Why `gzippedBytes` breaks `budget`, or `undefined` when it fits. */
export function overBudget(budget: Budget, gzippedBytes: number): string | undefined {
  if (gzippedBytes <= budget.limitBytes) return undefined;
  return (
    `${statement(budget)}: ${gzippedBytes} B > ${budget.limitBytes} B (+${gzippedBytes - budget.limitBytes} B). ` +
    'Make it smaller (npm run size -- --why lists the bytes per source file), or raise the limit on purpose'
  );
}

/** The subpaths of `exports` (`'retrywise'`, `'retrywise/grpc'`, …) that no budget measures. */
export function missingSubpaths(
  name: string,
  exportKeys: readonly string[],
  budgets: readonly Budget[],
): string[] {
  const measured = new Set(budgets.map((budget) => budget.from));
  return exportKeys
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? name : `${name}/${key.slice(2)}`))
    .filter((subpath) => !measured.has(subpath));
}
