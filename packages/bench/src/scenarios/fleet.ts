import { GitOpsStore } from '@backstage-gitops/plugin-gitops-backend/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import { benchAppSpec } from '../engine/replica';
import { Infra } from '../infra/infraClient';
import { appManifestFiles } from '../workload/manifests';

const pad = (n: number, width = 4) => String(n).padStart(width, '0');

/**
 * The steady-state fleet: `apps` applications of `perApp` objects, `perRepo` of them per config
 * repository (folder `app-NNNN` each, one namespace each — `app-NNNN` behind the scenario's
 * prefix — named in every object so kubectl can work on the whole tree at once). Writes the same
 * files under `localRoot` for the peer.
 * Returns the number of repositories.
 */
export async function registerFleet(options: {
  infra: Infra;
  store: GitOpsStore;
  apps: number;
  perApp: number;
  perRepo: number;
  localRoot: string;
}): Promise<number> {
  const { infra, store, apps, perApp, perRepo, localRoot } = options;
  const repos = Math.ceil(apps / perRepo);
  for (let r = 0; r < repos; r++) {
    const repo = `fleet-${pad(r, 3)}`;
    const entityRef = `component:default/${repo}`;
    const files: Record<string, string> = {};
    const specs = [];
    for (let a = r * perRepo; a < Math.min(apps, (r + 1) * perRepo); a++) {
      const name = `app-${pad(a)}`;
      const namespace = await infra.createNamespace(name);
      Object.assign(
        files,
        appManifestFiles({
          objects: perApp,
          namespace,
          dir: name,
          prefix: name,
          // 1,000 applications at 2 replicas would be 6,000 pods: more than the simulated nodes
          // hold, and their start-up would still be running through the measured rounds. The
          // objects the engine and kubectl diff are the same either way.
          replicas: 0,
        }),
      );
      specs.push({
        spec: benchAppSpec({
          id: `${repo}/${name}`,
          repoUrl: infra.repoUrl(repo),
          path: name,
          namespace,
          entityRef,
        }),
      });
    }
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.join(localRoot, path.dirname(file)), {
        recursive: true,
      });
      fs.writeFileSync(path.join(localRoot, file), text);
    }
    await infra.seedRepo(repo, files);
    await store.replaceApplications({ origin: 'catalog', entityRef }, specs);
  }
  return repos;
}
