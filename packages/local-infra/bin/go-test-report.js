#!/usr/bin/env node
// Turns `go test -json` output (stdin) into the Jest-shaped report summarize-tests.js reads, so the
// control plane's Go tests count in the run's closing line. Echoes each test's result as it reads.
'use strict';
const fs = require('node:fs');
const readline = require('node:readline');

const out = process.argv[2];
const results = new Map();
const failedPackages = [];
readline
  .createInterface({ input: process.stdin })
  .on('line', line => {
    let event;
    try {
      event = JSON.parse(line);
    } catch {
      process.stderr.write(`${line}\n`);
      return;
    }
    if (event.Action === 'output' && event.Test)
      process.stderr.write(event.Output);
    if (!['pass', 'fail', 'skip'].includes(event.Action)) return;
    if (!event.Test) {
      if (event.Action === 'fail') failedPackages.push(event.Package);
      return;
    }
    const status = { pass: 'passed', fail: 'failed', skip: 'pending' };
    results.set(`${event.Package} ${event.Test}`, status[event.Action]);
  })
  .on('close', () => {
    const assertionResults = [...results].map(([fullName, status]) => ({
      fullName,
      status,
    }));
    const packageFailures = failedPackages.filter(
      p =>
        ![...results.keys()].some(
          k => k.startsWith(`${p} `) && results.get(k) === 'failed',
        ),
    );
    const report = {
      testResults: [
        {
          name: 'go test',
          status:
            packageFailures.length || assertionResults.length === 0
              ? 'failed'
              : 'passed',
          message: packageFailures.length
            ? `go test failed in ${packageFailures.join(', ')} (build error?)`
            : 'no Go test ran',
          assertionResults: packageFailures.length ? [] : assertionResults,
        },
      ],
    };
    fs.writeFileSync(out, JSON.stringify(report));
  });
