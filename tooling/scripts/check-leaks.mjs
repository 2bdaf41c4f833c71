#!/usr/bin/env node
// Fails if any log line or error message captured during the test run contains a secret, or if the capture
// is too small to mean anything. Usage: node tooling/scripts/check-leaks.mjs [capture-dir]
import { join } from 'node:path';
import { checkCapture } from './leaks.mjs';

const dir = process.argv[2] ?? join(import.meta.dirname, '..', '..', '.leak-capture');
const { ok, entries, leaks, problems } = checkCapture(dir);

for (const leak of leaks) {
  console.error(`${leak.source} [${leak.kind}] ${leak.rules.join(', ')}: ${leak.masked}`);
}
if (!ok) {
  for (const problem of problems) console.error(`leak check: ${problem}`);
  process.exit(1);
}
console.log(`leak check: ${entries.length} captured log lines and error messages, no secrets`);
