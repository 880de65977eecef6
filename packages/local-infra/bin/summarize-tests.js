#!/usr/bin/env node
// Reads every Jest JSON report in the results folder and prints what CI reads: the tests run on each
// database, then one closing line "N passed, N failed". Exits non-zero when anything failed, when no
// test ran, or when a database path (SQLite and PostgreSQL) ran no test at all.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
const reports = fs.existsSync(dir)
  ? fs.readdirSync(dir).filter(f => f.endsWith('.json'))
  : [];
let passed = 0;
let failed = 0;
let skipped = 0;
const perDatabase = {};
const failures = [];

for (const file of reports) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  for (const suite of report.testResults ?? []) {
    if (
      suite.status === 'failed' &&
      (suite.assertionResults ?? []).length === 0
    ) {
      failed += 1;
      failures.push(
        `${path.relative(process.cwd(), suite.name)}: ${
          (suite.message || 'suite failed').split('\n')[0]
        }`,
      );
    }
    for (const test of suite.assertionResults ?? []) {
      const database = /\b(POSTGRES_\d+|SQLITE_\d+)\b/.exec(test.fullName)?.[1];
      if (test.status === 'passed') passed += 1;
      else if (test.status === 'failed') {
        failed += 1;
        // the first line of the reason, where a runner gives one (the adopter test's are sentences)
        const lines = String(test.failureMessages?.[0] ?? '')
          .split('\n')
          .map(line => line.trim())
          .filter(Boolean);
        const reason = (
          lines[0]?.endsWith(':') && lines[1]
            ? `${lines[0]} ${lines[1]}`
            : lines[0] ?? ''
        ).slice(0, 400);
        failures.push(reason ? `${test.fullName}: ${reason}` : test.fullName);
      } else skipped += 1;
      if (database && test.status !== 'pending' && test.status !== 'skipped') {
        perDatabase[database] = perDatabase[database] ?? {
          passed: 0,
          failed: 0,
        };
        perDatabase[database][
          test.status === 'passed' ? 'passed' : 'failed'
        ] += 1;
      }
    }
  }
}

for (const [database, counts] of Object.entries(perDatabase).sort()) {
  console.log(
    `database ${database}: ${counts.passed} passed, ${counts.failed} failed`,
  );
}
for (const failure of failures) console.log(`FAILED ${failure}`);
const engines = Object.keys(perDatabase);
const missing = ['POSTGRES', 'SQLITE'].filter(
  e => !engines.some(id => id.startsWith(e)),
);
for (const engine of missing) console.log(`FAILED no test ran on ${engine}`);
console.log(
  `${passed} passed, ${failed + missing.length} failed${
    skipped ? `, ${skipped} skipped` : ''
  }`,
);
process.exit(failed + missing.length > 0 || passed === 0 ? 1 : 0);
