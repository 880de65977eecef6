/**
 * Scenario 7: Kustomize rendering of a base and three overlays through the engine's render stage
 * (static checks, sandbox copy, `kubectl kustomize`, YAML parse, digest) against `kubectl
 * kustomize` alone on the same folders. A run renders the three overlays one after the other.
 */
import { renderManifests } from '@backstage-gitops/plugin-gitops-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { measure } from '../measure/resources';
import { summarize } from '../measure/stats';
import { KUBECTL } from '../peers/kubectl';
import { runTimed } from '../peers/timedCommand';
import { ScenarioResult } from '../report/types';
import { appManifestFiles } from '../workload/manifests';
import { round, ScenarioContext } from './context';

const OVERLAYS = ['dev', 'staging', 'prod'];

/** A config repository the way the scaffolder lays one out: base/ plus overlays/<env>/. */
function writeKustomizeRepo(root: string, baseObjects: number) {
  const files = appManifestFiles({ objects: baseObjects, dir: 'base' });
  const resources = Object.keys(files).map(f => path.basename(f));
  files['base/kustomization.yaml'] = stringify({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
  });
  OVERLAYS.forEach((env, i) => {
    files[`overlays/${env}/kustomization.yaml`] = stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace: `shop-${env}`,
      namePrefix: `${env}-`,
      labels: [{ pairs: { environment: env }, includeSelectors: false }],
      resources: ['../../base'],
      images: [
        { name: 'registry.example.com/bench/svc-0000', newTag: `1.4.${i + 3}` },
      ],
      configMapGenerator: [
        {
          name: 'environment',
          literals: [`ENVIRONMENT=${env}`, `REPLICAS=${i + 1}`],
        },
      ],
      patches: [
        {
          target: { kind: 'Deployment' },
          patch: stringify([
            { op: 'replace', path: '/spec/replicas', value: i + 1 },
          ]),
        },
      ],
    });
  });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
}

export async function runKustomizeRender(
  ctx: ScenarioContext,
): Promise<ScenarioResult> {
  const runs = ctx.params.runs;
  const baseObjects = Number(ctx.params.baseObjects ?? 30);
  const root = fs.mkdtempSync(
    path.join(os.tmpdir(), 'gitops-bench-kustomize-'),
  );
  writeKustomizeRepo(root, baseObjects);
  const home = fs.mkdtempSync(
    path.join(os.tmpdir(), 'gitops-bench-kustomize-home-'),
  );
  // what runKustomize gives its child: PATH, a private HOME, no kubeconfig
  const childEnv = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    KUBECONFIG: '/dev/null',
    LANG: 'C',
  };
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const peer: number[] = [];
  const problems: string[] = [];

  const oursRun = async () => {
    const m = await measure('kustomize-render', async () => {
      const counts = [];
      for (const overlay of OVERLAYS)
        counts.push(
          (
            await renderManifests({
              checkoutDir: root,
              path: `overlays/${overlay}`,
              kubectlPath: KUBECTL,
            })
          ).objects.length,
        );
      return counts;
    });
    ours.push(m.wallMs);
    oursCpu.push(m.cpuMs);
    return m.value;
  };
  const peerRun = async () => {
    let wall = 0;
    const counts = [];
    for (const overlay of OVERLAYS) {
      const r = await runTimed(
        KUBECTL,
        ['kustomize', path.join(root, 'overlays', overlay)],
        { env: childEnv, cwd: root, keepStdout: true, resources: false },
      );
      if (r.code !== 0)
        throw new Error(`kubectl kustomize failed: ${r.stderr}`);
      wall += r.wallMs;
      counts.push(r.stdout.split(/^---$/m).filter(doc => doc.trim()).length);
    }
    peer.push(wall);
    return counts;
  };
  // one unmeasured round each: the binary and the files are in the page cache for both
  await oursRun();
  await peerRun();
  ours.length = 0;
  oursCpu.length = 0;
  peer.length = 0;
  for (let run = 1; run <= runs; run++) {
    const [a, b] =
      run % 2
        ? [await oursRun(), await peerRun()]
        : [await peerRun(), await oursRun()].reverse();
    if (JSON.stringify(a) !== JSON.stringify(b))
      problems.push(
        `run ${run}: the engine rendered ${a} objects, kubectl ${b}`,
      );
  }
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
  const objects = baseObjects + 1;
  ctx.progress(
    `kustomize: engine ${round(summarize(ours).median)} ms vs kubectl ${round(
      summarize(peer).median,
    )} ms`,
  );
  return {
    id: 'kustomize',
    title: 'Kustomize render',
    rows: [
      {
        scenario: `7. Kustomize render, base + 3 overlays (${objects} objects each)`,
        measure: 'wall time',
        unit: 'ms',
        ours: summarize(ours),
        peer: { name: 'kubectl kustomize', stats: summarize(peer) },
        target: { kind: 'ratio', max: 1.2 },
      },
    ],
    details: [],
    notes: [
      `Render stage = \`renderManifests\` for overlays/dev, overlays/staging, overlays/prod in turn (static check of every kustomization, private copy of the checkout made of hard links, \`kubectl kustomize\`, YAML parse, digest); engine CPU (median, this process only, the kubectl child excluded): ${round(
        summarize(oursCpu).median,
      )} ms per run.`,
    ],
    problems,
  };
}
