import { TestDatabases } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';
import {
  annotatedComponent,
  configMapYaml,
  descriptor,
  namespaceYaml,
  ONBOARDING_TASK,
  scoped,
  startGitOpsBackend,
  useInfrastructure,
  userAuth,
  waitFor,
} from './__testUtils__/testBackend';

jest.setTimeout(180_000);

/**
 * Catalog-driven onboarding through the real catalog backend: the entity is read from a catalog
 * location file, the plugin asks the catalog for annotated entities, and the applications sync
 * into the local API server.
 */
describe('gitops plugin: catalog onboarding', () => {
  const databases = TestDatabases.create();
  const infra = useInfrastructure();

  it.each(databases.eachSupportedId())(
    'turns an annotated entity into synced applications and removes them with the annotation, %p',
    async databaseId => {
      const name = scoped('shop', databaseId);
      const [dev, prod] = [
        infra.cleanup.namespace(`${name}-dev`),
        infra.cleanup.namespace(`${name}-prod`),
      ];
      await infra.git.seedRepo(name, {
        'gitops.yaml': descriptor([
          { name: 'dev', namespace: dev },
          { name: 'prod', namespace: prod },
        ]),
        [`envs/dev/namespace.yaml`]: namespaceYaml(dev),
        [`envs/dev/settings.yaml`]: configMapYaml('settings', dev, 'dev'),
        [`envs/prod/namespace.yaml`]: namespaceYaml(prod),
        [`envs/prod/settings.yaml`]: configMapYaml('settings', prod, 'prod'),
      });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-catalog-'));
      const entityFile = path.join(dir, 'catalog-info.yaml');
      const entity = annotatedComponent(name, infra.git.repoUrl(name));
      fs.writeFileSync(entityFile, stringify(entity));

      const gitops = await startGitOpsBackend({
        databases,
        databaseId,
        infra,
        config: {
          catalog: {
            locations: [{ type: 'file', target: entityFile }],
            rules: [{ allow: ['Component', 'Location'] }],
            processingInterval: { seconds: 1 },
          },
        },
        features: [catalogPlugin],
      });
      const api = request(gitops.server);
      const entityApps = `/api/gitops/entities/component/default/${name}/applications`;
      const listApps = async () =>
        (await api.get(entityApps).set('Authorization', userAuth())).body
          .items as Array<{ id: string; syncStatus: string }>;

      // the catalog ingests the location; each onboarding pass asks it again
      const apps = await waitFor('the applications of the entity', async () => {
        await gitops.runTask(ONBOARDING_TASK);
        const items = await listApps();
        return items.length === 2 ? items : undefined;
      });
      expect(apps.map(a => a.id).sort()).toEqual([
        `component:default/${name}#dev`,
        `component:default/${name}#prod`,
      ]);

      // onboarding woke the worker: both sync without waiting for its 60 s poll
      await waitFor('both applications Synced', async () =>
        (await listApps()).every(a => a.syncStatus === 'Synced')
          ? true
          : undefined,
      );
      for (const [namespace, value] of [
        [dev, 'dev'],
        [prod, 'prod'],
      ]) {
        const live = await infra.kube.cluster.get(
          'v1',
          'ConfigMap',
          namespace,
          'settings',
        );
        expect(live?.data).toEqual({ value });
        expect(live?.metadata.annotations?.['gitops.backstage.io/app-id']).toBe(
          `component:default/${name}#${value}`,
        );
      }

      // removing the annotation removes the applications and leaves the cluster as it is
      const {
        ['gitops.backstage.io/config-repo']: _removed,
        ...otherAnnotations
      } = entity.metadata.annotations!;
      fs.writeFileSync(
        entityFile,
        stringify({
          ...entity,
          metadata: { ...entity.metadata, annotations: otherAnnotations },
        }),
      );
      await waitFor('the applications to be removed', async () => {
        await gitops.runTask(ONBOARDING_TASK);
        return (await listApps()).length === 0 ? true : undefined;
      });
      expect(
        (
          await api
            .get(
              `/api/gitops/applications/${encodeURIComponent(
                `component:default/${name}#dev`,
              )}`,
            )
            .set('Authorization', userAuth())
        ).status,
      ).toBe(404);
      expect(
        await infra.kube.cluster.get('v1', 'ConfigMap', dev, 'settings'),
      ).toBeDefined();
      expect(
        await infra.kube.cluster.get('v1', 'Namespace', undefined, prod),
      ).toBeDefined();

      await gitops.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  );
});
