/* eslint-disable @backstage/no-undeclared-imports -- the test kit is a dev dependency */
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { LocalGitServer, startLocalGitServer } from '@internal/local-infra';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseGitOpsStore } from '../database/GitOpsStore';
import { configuredIntegrations } from '@backstage-gitops/plugin-gitops-node';
import { GitRepositoryCache } from '../engine/source/gitRepositoryCache';
import { Projects } from '../projects';
import { FakeAuditor } from '../service/__testUtils__/routerTestKit';
import { testApplicationSpec } from '../testUtils/applications';
import { annotatedComponent } from '../plugin-tests/__testUtils__/testBackend';
import { CatalogOnboarding } from './CatalogOnboarding';

jest.setTimeout(60_000);

const AUTH = { username: 'gitops', password: 'onboarding-test-password' };

/** Two teams' projects: each reads its own folder of repositories and deploys to its own namespaces. */
function projectsConfig(gitUrl: string) {
  return {
    gitops: {
      projects: [
        {
          name: 'team-a',
          members: { groups: ['team-a'] },
          sourceRepos: [`${gitUrl}/team-a/*`],
          destinations: [{ cluster: 'local', namespace: 'team-a-*' }],
          clusterResources: { allow: [{ group: '', kind: 'Namespace' }] },
          impersonate: { serviceAccount: 'team-a-system/deployer' },
        },
        {
          name: 'team-b',
          members: { groups: ['team-b'] },
          sourceRepos: [`${gitUrl}/team-b/*`],
          destinations: [{ cluster: 'local', namespace: 'team-b-*' }],
        },
      ],
    },
    integrations: {
      gitea: [{ host: new URL(gitUrl).host, baseUrl: gitUrl, ...AUTH }],
    },
  };
}

const component = (name: string, owner: string, repoUrl: string) =>
  annotatedComponent(name, repoUrl, {}, owner);

function descriptor(namespace: string, extra = ''): string {
  return [
    'apiVersion: gitops.backstage.io/v1alpha1',
    'kind: Environments',
    'environments:',
    '  - name: prod',
    '    path: app',
    '    cluster: local',
    `    namespace: ${namespace}`,
    ...(extra ? [`    ${extra}`] : []),
    '',
  ].join('\n');
}

const MANIFEST =
  'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { key: value }\n';

describe('catalog onboarding: projects decide what an entity may ask for', () => {
  const databases = TestDatabases.create();
  let git: LocalGitServer;
  let cacheDir: string;
  beforeAll(async () => {
    git = await startLocalGitServer({ auth: AUTH });
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-projects-'));
  });
  afterAll(async () => {
    await git?.stop();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  async function setup(databaseId: TestDatabaseId) {
    const store = await DatabaseGitOpsStore.create({
      knex: await databases.init(databaseId),
    });
    const config = new ConfigReader(projectsConfig(git.url));
    const integrations = configuredIntegrations(config);
    const source = new GitRepositoryCache({
      cacheDir: path.join(cacheDir, databaseId),
      integrations,
    });
    const auditor = new FakeAuditor();
    const projects = Projects.fromConfig(config);
    const onboarding = (entities: Entity[]) =>
      new CatalogOnboarding({
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        store,
        source,
        integrations,
        projects,
        auditor,
        logger: mockServices.logger.mock(),
      });
    const refresh = (...entities: Entity[]) => onboarding(entities).refresh();
    const errorOf = async (entityRef: string) =>
      (await store.listOnboardingErrors(entityRef))[0]?.message;
    const appsOf = async (entityRef: string) =>
      (await store.listApplications({ entityRef })).items.map(a => a.spec.id);
    const refusals = () =>
      auditor
        .outcomes()
        .map(e => ({ eventId: e.eventId, status: e.status, meta: e.meta }));
    return {
      store,
      auditor,
      onboarding,
      refresh,
      errorOf,
      appsOf,
      refusals,
    };
  }

  const repoOf = (team: string, name: string, databaseId: TestDatabaseId) =>
    `${team}/${name}-${databaseId.toLowerCase().replace(/[^a-z0-9]/g, '')}`;

  it.each(databases.eachSupportedId())(
    "admits a descriptor inside its project's bounds, with the project's name and identity, %p",
    async databaseId => {
      const t = await setup(databaseId);
      const repo = repoOf('team-a', 'shop', databaseId);
      await git.seedRepo(repo, {
        'gitops.yaml': descriptor('team-a-shop', 'allowClusterScoped: true'),
        'app/settings.yaml': MANIFEST,
      });
      const summary = await t.refresh(
        component('shop', 'team-a', git.repoUrl(repo)),
      );
      expect(summary).toMatchObject({ added: 1, errors: 0 });
      const record = await t.store.getApplication(
        'component:default/shop#prod',
      );
      expect(record?.spec).toMatchObject({
        project: 'team-a',
        impersonate: {
          user: 'system:serviceaccount:team-a-system:deployer',
          groups: [
            'system:serviceaccounts',
            'system:serviceaccounts:team-a-system',
          ],
        },
        destination: { namespace: 'team-a-shop', allowClusterScoped: true },
      });
      expect(t.refusals()).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses a descriptor that asks for kube-system and cluster scope: an onboarding error, no application, audited once, %p',
    async databaseId => {
      const t = await setup(databaseId);
      const repo = repoOf('team-a', 'root', databaseId);
      await git.seedRepo(repo, {
        'gitops.yaml': descriptor('kube-system', 'allowClusterScoped: true'),
        'app/settings.yaml': MANIFEST,
      });
      const entity = component('root', 'team-a', git.repoUrl(repo));
      const reason =
        "environment 'prod' asks for namespace 'kube-system', which project 'team-a' does not allow (allowed: team-a-*)";

      expect(await t.refresh(entity)).toMatchObject({ added: 0, errors: 1 });
      expect(await t.errorOf('component:default/root')).toBe(reason);
      expect(await t.appsOf('component:default/root')).toEqual([]);
      const refused = {
        eventId: 'application-onboarding',
        status: 'failed',
        meta: {
          entityRef: 'component:default/root',
          project: 'team-a',
          reason,
          action: 'refuse',
        },
      };
      expect(t.refusals()).toEqual([refused]);

      // the next passes find the same refusal: shown still, audited once
      await t.refresh(entity);
      await t.refresh(entity);
      expect(await t.errorOf('component:default/root')).toBe(reason);
      expect(t.refusals()).toEqual([refused]);

      // fixed, the error goes; refused again, it is audited again
      await git.commit(repo, {
        write: { 'gitops.yaml': descriptor('team-a-root') },
      });
      expect(await t.refresh(entity)).toMatchObject({ added: 1, errors: 0 });
      expect(await t.errorOf('component:default/root')).toBeUndefined();
      await git.commit(repo, {
        write: { 'gitops.yaml': descriptor('kube-system') },
      });
      await t.refresh(entity);
      expect(t.refusals()).toEqual([refused, refused]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the last admitted spec of an application whose descriptor now asks for more, %p',
    async databaseId => {
      const t = await setup(databaseId);
      const repo = repoOf('team-a', 'grows', databaseId);
      await git.seedRepo(repo, {
        'gitops.yaml': descriptor('team-a-grows'),
        'app/settings.yaml': MANIFEST,
      });
      const entity = component('grows', 'team-a', git.repoUrl(repo));
      await t.refresh(entity);
      const id = 'component:default/grows#prod';
      const before = await t.store.getApplication(id);
      expect(before?.spec.destination.allowedNamespaces).toEqual([
        'team-a-grows',
      ]);

      await git.commit(repo, {
        write: {
          'gitops.yaml': descriptor(
            'team-a-grows',
            'allowedNamespaces: [team-b-data]',
          ),
        },
      });
      expect(await t.refresh(entity)).toMatchObject({
        added: 0,
        changed: 0,
        removed: 0,
        errors: 1,
      });
      expect(await t.errorOf('component:default/grows')).toBe(
        "environment 'prod' asks for namespace 'team-b-data', which project 'team-a' does not allow (allowed: team-a-*)",
      );
      // the engine keeps working from the spec it was given: the new ask never reaches it
      const after = await t.store.getApplication(id);
      expect(after?.spec).toEqual(before?.spec);
      expect(after?.specHash).toBe(before?.specHash);
    },
  );

  it.each(databases.eachSupportedId())(
    "refuses a second team's entity that names another team's repository, before fetching it, %p",
    async databaseId => {
      const t = await setup(databaseId);
      const repo = repoOf('team-a', 'owned', databaseId);
      await git.seedRepo(repo, {
        'gitops.yaml': descriptor('team-a-owned'),
        'app/settings.yaml': MANIFEST,
      });
      const owner = component('owned', 'team-a', git.repoUrl(repo));
      const hijack = component('hijack', 'team-b', git.repoUrl(repo));
      const stray = component('stray', 'team-x', git.repoUrl(repo));
      await t.refresh(owner);
      const ownerApps = await t.appsOf('component:default/owned');
      expect(ownerApps).toEqual(['component:default/owned#prod']);

      const requestsTo = async (...entities: Entity[]) => {
        const before = git.requestLog.length;
        await t.refresh(...entities);
        return git.requestLog.slice(before).filter(r => r.path.includes(repo))
          .length;
      };
      const ownerAlone = await requestsTo(owner);
      expect(ownerAlone).toBeGreaterThan(0); // each pass asks the remote for the owner's ref
      // the other entities add no request to the repository: refused before it is fetched
      expect(await requestsTo(owner, hijack, stray)).toBe(ownerAlone);
      expect(await t.errorOf('component:default/hijack')).toBe(
        `the entity's gitops.backstage.io/config-repo names repository '${git.repoUrl(
          repo,
        )}', which project 'team-b' does not allow (allowed: ${
          git.url
        }/team-b/*)`,
      );
      expect(await t.errorOf('component:default/stray')).toBe(
        `No project in gitops.projects claims this entity, so the default project applies: the entity's gitops.backstage.io/config-repo names repository '${git.repoUrl(
          repo,
        )}', which belongs to project 'team-a': the default project may not use it`,
      );
      expect(await t.appsOf('component:default/hijack')).toEqual([]);
      expect(await t.appsOf('component:default/stray')).toEqual([]);
      expect(await t.appsOf('component:default/owned')).toEqual(ownerApps);
      expect(
        t.refusals().map(e => [e.meta?.entityRef, e.meta?.project]),
      ).toEqual([
        ['component:default/hijack', 'team-b'],
        ['component:default/stray', 'default'],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses a repository on a public host the config does not name, naming the host, %p',
    async databaseId => {
      const t = await setup(databaseId);
      const requestsBefore = git.requestLog.length;
      await t.refresh(
        component(
          'public',
          'team-a',
          'https://github.com/team-a/public-config.git',
        ),
      );
      const reason =
        "Repository host 'github.com' matches no configured integration";
      expect(await t.errorOf('component:default/public')).toBe(reason);
      expect(await t.appsOf('component:default/public')).toEqual([]);
      expect(git.requestLog.length).toBe(requestsBefore);
      expect(t.refusals()).toEqual([
        {
          eventId: 'application-onboarding',
          status: 'failed',
          meta: {
            entityRef: 'component:default/public',
            project: 'team-a',
            reason,
            action: 'refuse',
          },
        },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    "admits a provider's applications by the project each names, leaving out and auditing (once) a refused one, %p",
    async databaseId => {
      const t = await setup(databaseId);
      const good = testApplicationSpec({
        id: 'inventory:good',
        // the store keeps a provider's set under this entity ref
        entityRef: 'provider:inventory',
        project: 'team-b',
        source: { repoUrl: `${git.url}/team-b/x.git`, ref: 'main', path: '.' },
        destination: {
          cluster: 'local',
          namespace: 'team-b-x',
          allowedNamespaces: ['team-b-x'],
          allowClusterScoped: false,
        },
      });
      const bad = {
        ...good,
        id: 'inventory:bad',
        destination: { ...good.destination, namespace: 'team-a-x' },
      };
      const provider = {
        name: 'inventory',
        getApplications: async () => [good, bad],
      };
      const onboarding = t.onboarding([]);
      expect(await onboarding.refreshProvider(provider)).toMatchObject({
        added: ['inventory:good'],
      });
      await onboarding.refreshProvider(provider);
      expect(
        (await t.store.getApplication('inventory:good'))?.spec.project,
      ).toBe('team-b');
      expect(await t.store.getApplication('inventory:bad')).toBeUndefined();
      expect(t.refusals()).toEqual([
        {
          eventId: 'application-onboarding',
          status: 'failed',
          meta: {
            entityRef: 'provider:inventory',
            applicationId: 'inventory:bad',
            project: 'team-b',
            reason:
              "environment 'dev' asks for namespace 'team-a-x', which project 'team-b' does not allow (allowed: team-b-*)",
            action: 'refuse',
          },
        },
      ]);
    },
  );
});
