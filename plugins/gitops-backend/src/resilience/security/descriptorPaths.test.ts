import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatalogOnboarding } from '../../catalog/CatalogOnboarding';
import { configuredIntegrations } from '@backstage-gitops/plugin-gitops-node';
import { FakeAuditor } from '../../service/__testUtils__/routerTestKit';
import { openTestProjects } from '../../testUtils/applications';
import { DatabaseGitOpsStore } from '../../database/GitOpsStore';
import {
  localConfig,
  useLocalInfrastructure,
} from '../../engine/integration/harness';
import { preferredDatabase } from '../__testUtils__/databases';
import { LeakCollector } from '../__testUtils__/leakScan';
import { deleteNamespaces, uniqueName } from '../__testUtils__/names';
import { RecordingLogger } from '../__testUtils__/recordingLogger';
import { createTestReplica, makeDue } from '../__testUtils__/replicas';

jest.setTimeout(60_000);

const CANARY = 'r3silience-outside-the-checkout-71f3';
/** The namespace every environment deploys into: this run's own (the cluster is shared). */
const NS = uniqueName('paths');
const env = (name: string, envPath: string) =>
  `  - name: ${name}\n    path: ${envPath}\n    cluster: local\n    namespace: ${NS}\n`;

describe('a path in a descriptor cannot read files outside the checkout', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  afterAll(() => deleteNamespaces(infra.kube, [NS]));

  it('onboarded environments whose paths lead outside fail to render, and nothing outside is read', async () => {
    const knex = await databases.init(preferredDatabase(databases));
    const store = await DatabaseGitOpsStore.create({ knex });
    const config = localConfig(infra);
    // outside every checkout: manifests and a kustomization-readable file carrying a canary
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-outside-'));
    fs.writeFileSync(
      path.join(outside, 'cm.yaml'),
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: stolen }\ndata: { canary: ${CANARY} }\n`,
    );
    fs.writeFileSync(
      path.join(outside, 'gitops.yaml'),
      `apiVersion: gitops.backstage.io/v1alpha1\nkind: Environments\nenvironments:\n${env(
        'stolen',
        '.',
      )}# ${CANARY}\n`,
    );

    // the paths are lexically fine, so the descriptor is accepted; each leads outside at render time
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-paths-'));
    fs.mkdirSync(path.join(tree, 'inside'));
    fs.writeFileSync(
      path.join(tree, 'inside/ns.yaml'),
      `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${NS} }\n`,
    );
    fs.writeFileSync(
      path.join(tree, 'gitops.yaml'),
      `apiVersion: gitops.backstage.io/v1alpha1\nkind: Environments\nenvironments:\n${env(
        'inside',
        'inside',
      )}${env('dirlink', 'dirlink')}${env('filelink', 'filelink.yaml')}${env(
        'generator',
        'generator',
      )}`,
    );
    fs.symlinkSync(outside, path.join(tree, 'dirlink'));
    fs.symlinkSync(
      path.join(outside, 'cm.yaml'),
      path.join(tree, 'filelink.yaml'),
    );
    fs.mkdirSync(path.join(tree, 'generator'));
    fs.writeFileSync(
      path.join(tree, 'generator/kustomization.yaml'),
      'configMapGenerator:\n  - name: stolen\n    files: [data.txt]\n',
    );
    fs.symlinkSync(
      path.join(outside, 'cm.yaml'),
      path.join(tree, 'generator/data.txt'),
    );
    fs.symlinkSync(outside, path.join(tree, 'cfglink'));
    await infra.git.seedRepo('paths', { fromDir: tree });
    fs.rmSync(tree, { recursive: true, force: true });

    const logger = new RecordingLogger();
    const replica = createTestReplica(store, config, {
      replica: 'replica-a',
      logger,
    });
    const onboard = (annotations: Record<string, string>) =>
      new CatalogOnboarding({
        catalog: catalogServiceMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'paths', namespace: 'default', annotations },
              spec: { owner: 'team-a' },
            },
          ],
        }),
        auth: mockServices.auth(),
        store,
        source: replica.source,
        integrations: configuredIntegrations(config),
        projects: openTestProjects(),
        auditor: new FakeAuditor(),
        logger,
      }).refresh();

    // a config-path annotation through a symlink: the descriptor outside is never read
    expect(
      await onboard({
        'gitops.backstage.io/config-repo': infra.git.repoUrl('paths'),
        'gitops.backstage.io/config-path': 'cfglink',
      }),
    ).toMatchObject({ errors: 1, added: 0 });
    expect(
      (await store.listOnboardingErrors('component:default/paths')).map(
        e => e.message,
      ),
    ).toEqual(['gitops.yaml points outside the repository']);

    // the descriptor at the root onboards four environments; three of them lead outside
    expect(
      await onboard({
        'gitops.backstage.io/config-repo': infra.git.repoUrl('paths'),
      }),
    ).toMatchObject({ errors: 0, added: 4 });
    await makeDue(knex);
    infra.kube.clearRequestLog();
    await replica.worker.drain();
    const state = async (name: string) =>
      (await store.getApplication(`component:default/paths#${name}`))?.state;
    expect(await state('inside')).toMatchObject({ syncStatus: 'Synced' });
    expect((await state('dirlink'))?.error).toBe(
      'dirlink: symbolic link resolves outside the repository',
    );
    expect((await state('filelink'))?.error).toBe(
      'filelink.yaml: symbolic link resolves outside the repository',
    );
    expect((await state('generator'))?.error).toBe(
      'generator/kustomization.yaml: configMapGenerator.files entry "data.txt": symbolic link resolves outside the repository',
    );
    expect(infra.kube.writes().map(w => `${w.resource}/${w.name}`)).toEqual([
      `namespaces/${NS}`,
    ]);

    const leaks = new LeakCollector();
    leaks.addLogger('logs', logger);
    await leaks.addDatabase('store', knex);
    // the environments' namespace: nothing from outside reached it (the cluster's other namespaces
    // belong to other suites)
    const configMaps = await infra.kube.cluster.list('v1', 'ConfigMap', NS);
    expect(configMaps.map(c => c.metadata.name)).not.toContain('stolen');
    leaks.addValue('cluster', configMaps);
    expect(leaks.findLeaks([CANARY])).toEqual([]);
    fs.rmSync(outside, { recursive: true, force: true });
    await replica.stop();
  });
});
