/* eslint jest/no-standalone-expect: ['error', { additionalTestBlockFunctions: ['itCase', 'itOnPostgres', 'itFailingOnPostgres'] }] -- the suite's own test declarations */
import { TestDatabases } from '@backstage/backend-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatalogOnboarding } from '../../catalog/CatalogOnboarding';
import { configuredIntegrations } from '@backstage-gitops/plugin-gitops-node';
import { FakeAuditor } from '../../service/__testUtils__/routerTestKit';
import { openTestProjects } from '../../testUtils/applications';
import { DatabaseGitOpsStore, GitOpsStore } from '../../database/GitOpsStore';
import {
  localConfig,
  useLocalInfrastructure,
} from '../../engine/integration/harness';
import { GitRepositoryCache } from '../../engine/source/gitRepositoryCache';
import { preferredDatabase } from '../__testUtils__/databases';
import { LeakCollector } from '../__testUtils__/leakScan';
import { RecordingLogger } from '../__testUtils__/recordingLogger';
import {
  CorpusCase,
  expectedText,
  fill,
  itCase,
  loadCorpus,
  writeGenerated,
} from '../__testUtils__/loadCorpus';

jest.setTimeout(60_000);

const ENTITY_REF = 'component:default/onboarding';
const REPO = 'onboarding-corpus';
const GOOD_DESCRIPTOR =
  'apiVersion: gitops.backstage.io/v1alpha1\nkind: Environments\nenvironments:\n  - name: dev\n    path: app\n    cluster: local\n    namespace: shop-dev\n';
const MANIFEST =
  'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { key: value }\n';
const CANARY = 'r3silience-descriptor-canary-0b7e';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'onboarding', namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

describe('bad descriptors and annotations: a clear onboarding error, the last good applications kept', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const leaks = new LeakCollector();
  const ctx = {} as {
    store: GitOpsStore;
    source: GitRepositoryCache;
    logger: RecordingLogger;
    outside: string;
    cacheDir: string;
    values: Record<string, string>;
    goodApps: unknown;
  };

  beforeAll(async () => {
    const knex = await databases.init(preferredDatabase(databases));
    ctx.store = await DatabaseGitOpsStore.create({ knex });
    ctx.cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-onboarding-'));
    ctx.source = new GitRepositoryCache({
      cacheDir: ctx.cacheDir,
      integrations: ScmIntegrations.fromConfig(localConfig(infra)),
      timeoutMs: 5_000,
    });
    ctx.logger = new RecordingLogger();
    leaks.addLogger('onboarding logs', ctx.logger);
    ctx.outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-outside-'));
    fs.writeFileSync(
      path.join(ctx.outside, 'gitops.yaml'),
      `${GOOD_DESCRIPTOR}# ${CANARY}\n`,
    );
    ctx.values = {
      repoUrl: infra.git.repoUrl(REPO),
      gitHost: new URL(infra.git.url).host,
      outside: ctx.outside,
    };
    await infra.git.seedRepo(REPO, {
      'gitops.yaml': GOOD_DESCRIPTOR,
      'app/cm.yaml': MANIFEST,
    });
  });
  afterAll(() => {
    fs.rmSync(ctx.cacheDir, { recursive: true, force: true });
    fs.rmSync(ctx.outside, { recursive: true, force: true });
  });

  async function refresh(annotations: Record<string, string>) {
    const onboarding = new CatalogOnboarding({
      catalog: catalogServiceMock({ entities: [entity(annotations)] }),
      auth: mockServices.auth(),
      store: ctx.store,
      source: ctx.source,
      integrations: configuredIntegrations(localConfig(infra)),
      projects: openTestProjects(),
      auditor: new FakeAuditor(),
      logger: ctx.logger,
    });
    const summary = await onboarding.refresh();
    const errors = await ctx.store.listOnboardingErrors(ENTITY_REF);
    const apps = (
      await ctx.store.listApplications({ entityRef: ENTITY_REF })
    ).items.map(a => ({ spec: a.spec, specHash: a.specHash }));
    leaks.addValue('onboarding errors', errors);
    return { summary, error: errors[0]?.message, apps };
  }

  /** Runs one bad case and checks: one error with the exact message, the last good applications unchanged. */
  async function expectRefused(
    c: CorpusCase,
    annotations: Record<string, string>,
  ) {
    infra.kube.clearRequestLog();
    const { summary, error, apps } = await refresh(annotations);
    expect(summary.errors).toBe(1);
    expect(error).toEqual(expectedText(c, ctx.values));
    expect(apps).toEqual(ctx.goodApps);
    expect(infra.kube.writes()).toEqual([]);
  }

  it('onboards the good descriptor first', async () => {
    const { summary, error, apps } = await refresh({
      'gitops.backstage.io/config-repo': infra.git.repoUrl(REPO),
    });
    expect(summary).toMatchObject({ added: 1, errors: 0 });
    expect(error).toBeUndefined();
    expect(apps.map(a => a.spec.id)).toEqual([`${ENTITY_REF}#dev`]);
    ctx.goodApps = apps;
  });

  describe('descriptors (gitops.yaml)', () => {
    for (const c of loadCorpus('descriptors')) {
      itCase(c, async () => {
        const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-corpus-'));
        try {
          const files: Record<string, string | Buffer> = {
            'app/cm.yaml': MANIFEST,
            ...(c.options.omitDescriptor
              ? {}
              : { 'gitops.yaml': GOOD_DESCRIPTOR }),
            ...c.files,
          };
          for (const [file, content] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(tree, file)), {
              recursive: true,
            });
            fs.writeFileSync(path.join(tree, file), content);
          }
          for (const [link, target] of Object.entries(c.options.symlinks ?? {}))
            fs.symlinkSync(fill(target, ctx.values), path.join(tree, link));
          writeGenerated(tree, c.options.generate);
          await infra.git.seedRepo(
            REPO,
            { fromDir: tree },
            { message: `bad descriptor: ${c.name}` },
          );
        } finally {
          fs.rmSync(tree, { recursive: true, force: true });
        }
        await expectRefused(c, {
          'gitops.backstage.io/config-repo': infra.git.repoUrl(REPO),
        });
      });
    }
  });

  describe('annotations', () => {
    beforeAll(() =>
      infra.git.seedRepo(
        REPO,
        { 'gitops.yaml': GOOD_DESCRIPTOR, 'app/cm.yaml': MANIFEST },
        { message: 'good again' },
      ),
    );
    for (const c of loadCorpus('annotations')) {
      itCase(c, () =>
        expectRefused(
          c,
          Object.fromEntries(
            Object.entries(c.options.annotations ?? {}).map(([k, v]) => [
              k,
              fill(v, ctx.values),
            ]),
          ),
        ),
      );
    }
  });

  it('recovers with the good descriptor and annotation, and clears the error', async () => {
    const { summary, error, apps } = await refresh({
      'gitops.backstage.io/config-repo': infra.git.repoUrl(REPO),
    });
    expect(summary.errors).toBe(0);
    expect(error).toBeUndefined();
    expect(apps).toEqual(ctx.goodApps);
  });

  it('leaks nothing read from outside the repository, nor a credential from a URL', () => {
    expect(leaks.findLeaks([CANARY, 'gitops:stolen', 'test-password'])).toEqual(
      [],
    );
  });
});
