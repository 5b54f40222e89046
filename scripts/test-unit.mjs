#!/usr/bin/env node
// Runs vitest and ends with the plain `N passed, N failed` line that CI reads.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const report = '.vitest-report.json';
rmSync(report, { force: true });
const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
];
const result = spawnSync('npx', [...args, ...process.argv.slice(2)], { stdio: 'inherit' });
let summary;
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
} catch {
  summary = '0 passed, 1 failed';
}
console.log(`\n${summary}`);
process.exit(result.status ?? 1);
