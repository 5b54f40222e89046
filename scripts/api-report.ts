/**
 * The API report (`npm run api`, part of `npm test` after the build): api-extractor reads the
 * built declarations of every subpath of package.json `exports` and compares its report of the
 * public API with the one committed under etc/. It fails on any difference, and on any message of
 * api-extractor or TSDoc (a public type that references an unexported one, a missing `@public`,
 * a malformed doc comment, …). `npm run api:update` (`--update`) rewrites the reports instead.
 *
 * One base config, api-extractor.json; this script sets the entry point and the report name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  CompilerState,
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  type ExtractorMessage,
  ExtractorMessageCategory,
} from '@microsoft/api-extractor';

const root = resolve(import.meta.dirname, '..');
const configPath = join(root, 'api-extractor.json');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, { import?: { types?: string } } | string>;
};
const update = process.argv.includes('--update');

/**
 * Each public entry point: its report name (`retrywise`, `retrywise-grpc`) and its ESM `.d.ts`;
 * the main one first, whose names the others may reference.
 */
function entryPoints(): { report: string; types: string }[] {
  const keys = Object.entries(manifest.exports).sort(
    ([a], [b]) => Number(b === '.') - Number(a === '.'),
  );
  return keys.flatMap(([key, target]) => {
    if (typeof target === 'string') return []; // ./package.json
    const types = target.import?.types;
    if (types === undefined) throw new Error(`exports["${key}"] has no import.types`);
    const report = key === '.' ? manifest.name : `${manifest.name}-${key.slice(2)}`;
    return [{ report, types: join(root, types) }];
  });
}

/** Messages api-extractor prints about itself, not about the API. */
const CHATTER = new Set(['console-preamble', 'console-compiler-version-notice']);

/**
 * api-extractor sees one entry point at a time, so `retryer: Retryer` in `retrywise/aws` reads to
 * it as a forgotten export, and `{@link Retryer}` as unresolved. A name that an entry point
 * already reported exports is public: such a message is not a problem. Any other name is.
 */
const FROM_ANOTHER_ENTRY: Readonly<Record<string, RegExp>> = {
  'ae-forgotten-export': /^The symbol "([\w$]+)" needs to be exported by the entry point/,
  'ae-unresolved-link': /does not have an export "([\w$]+)"$/,
};

/** The names a report says its entry point exports. */
function exportedNames(reportFile: string): string[] {
  const text = readFileSync(reportFile, 'utf8');
  return [
    ...text.matchAll(
      /^export (?:declare )?(?:abstract )?(?:class|interface|type|function|const|let|enum|namespace) ([\w$]+)/gm,
    ),
  ].map(([, name]) => name ?? '');
}

/** The declaration line a message points at: its location is in dist/, the fix is in src/. */
function quote(message: ExtractorMessage): string {
  const { sourceFilePath, sourceFileLine } = message;
  if (sourceFilePath === undefined || sourceFileLine === undefined) return '';
  const line = readFileSync(sourceFilePath, 'utf8').split('\n')[sourceFileLine - 1]?.trim();
  return line === undefined ? '' : `\n    ${line}`;
}

/** Public names of the entry points checked so far, and which entry exports each. */
const publicNames = new Map<string, string>();

let compilerState: CompilerState | undefined;

function check(
  report: string,
  types: string,
  allTypes: string[],
): { changed: boolean; problems: number } {
  const configObject = ExtractorConfig.loadFile(configPath);
  configObject.mainEntryPointFilePath = types;
  configObject.apiReport = { ...configObject.apiReport, enabled: true, reportFileName: report };
  const config = ExtractorConfig.prepare({
    configObject,
    configObjectFullPath: configPath,
    packageJsonFullPath: join(root, 'package.json'),
  });
  let changed = false;
  let problems = 0;
  // One TypeScript program for every entry point: analysed once, not five times.
  compilerState ??= CompilerState.create(config, { additionalEntryPoints: allTypes });
  const result = Extractor.invoke(config, {
    compilerState,
    localBuild: update,
    printApiReportDiff: !update,
    messageCallback(message: ExtractorMessage) {
      const elsewhere = FROM_ANOTHER_ENTRY[message.messageId]?.exec(message.text)?.[1];
      if (CHATTER.has(message.messageId) || (elsewhere && publicNames.has(elsewhere))) {
        message.logLevel = ExtractorLogLevel.None;
        message.handled = true;
      } else if (message.messageId === 'console-api-report-not-copied') {
        changed = true;
        message.logLevel = ExtractorLogLevel.None;
        message.handled = true;
      } else if (message.category !== ExtractorMessageCategory.Console) {
        problems++;
        message.handled = true;
        console.error(`Error: ${message.formatMessageWithLocation(`${root}/`)}${quote(message)}`);
      }
    },
  });
  if (!result.succeeded && problems === 0 && !changed) problems++;
  const actual = join(config.reportTempFolder, `${report}.api.md`);
  for (const name of exportedNames(actual))
    if (!publicNames.has(name)) publicNames.set(name, report);
  return { changed, problems };
}

function main(): number {
  const entries = entryPoints();
  const missing = entries.filter(({ types }) => !existsSync(types));
  if (missing.length > 0) {
    console.error(
      `${relative(root, missing[0]?.types ?? '')} is missing: run \`npm run build\` first`,
    );
    return 1;
  }
  const stale: string[] = [];
  let problems = 0;
  for (const { report, types } of entries) {
    const outcome = check(
      report,
      types,
      entries.map((entry) => entry.types),
    );
    if (outcome.changed && !update) stale.push(`etc/${report}.api.md`);
    problems += outcome.problems;
  }
  if (problems > 0) {
    console.error(
      `\napi-extractor reported ${problems} problem(s) above: fix the declarations or their TSDoc in src/.`,
    );
  }
  if (stale.length > 0) {
    console.error(
      `\nThe public API changed and the report is out of date: ${stale.join(', ')}.\n` +
        'Run `npm run api:update` and commit etc/ with the change (the diff above is what changed).',
    );
  }
  if (problems > 0 || stale.length > 0) return 1;
  console.log(
    update
      ? `API reports written: ${entries.map(({ report }) => `etc/${report}.api.md`).join(', ')}`
      : `API reports up to date (${entries.length} entry points).`,
  );
  return 0;
}

process.exit(main());
