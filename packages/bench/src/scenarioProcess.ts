/**
 * One scenario in one process: `node -r <transform> scenarioProcess.ts <name> <params JSON>`.
 * A process per scenario (and per size) keeps every engine measurement free of the previous
 * scenario's heap; the servers run in a child of this process (infra/infraProcess.ts).
 */
import { BenchDatabase, createBenchDatabase } from './engine/database';
import { Infra } from './infra/infraClient';
import { ScenarioResult } from './report/types';
import { ScenarioContext, ScenarioParams } from './scenarios/context';
import { SCENARIOS, ScenarioName } from './scenarios/registry';

async function main() {
  const [name, json] = process.argv.slice(2);
  const params = JSON.parse(json ?? '{}') as ScenarioParams;
  const load = SCENARIOS[name as ScenarioName];
  if (!load)
    throw new Error(
      `unknown scenario '${name}'; known: ${Object.keys(SCENARIOS).join(', ')}`,
    );
  let infra: Promise<Infra> | undefined;
  const databases: BenchDatabase[] = [];
  const ctx: ScenarioContext = {
    params,
    infra: () => (infra ??= Infra.start()),
    database: async label => {
      const db = await createBenchDatabase(params.db, label);
      databases.push(db);
      return db;
    },
    progress: message => process.stderr.write(`  [${name}] ${message}\n`),
  };
  let result: ScenarioResult | undefined;
  try {
    result = await load()(ctx);
  } finally {
    await Promise.allSettled(databases.map(db => db.dispose()));
    if (infra) await (await infra).stop();
  }
  if (process.send) process.send({ type: 'result', result });
  else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`scenario failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
