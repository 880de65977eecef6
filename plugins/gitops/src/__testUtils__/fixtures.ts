import type { Entity } from '@backstage/catalog-model';
import type {
  ApplicationDetails,
  ApplicationSummary,
  ResourceStatus,
  SyncRecord,
} from '@backstage-gitops/plugin-gitops-common';
import type { GitOpsApi } from '../api';

export const SHA = '3f2a9c1d7e5b4a6c8d0e1f2a3b4c5d6e7f8a9b0c';

export function makeEntity(name = 'shop', annotated = true): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: annotated
        ? {
            'gitops.backstage.io/config-repo': `https://github.com/acme/${name}-config.git`,
          }
        : {},
    },
    spec: {
      type: 'service',
      owner: 'group:default/team-a',
      lifecycle: 'production',
    },
  };
}

export function makeApp(
  overrides: Partial<ApplicationSummary> = {},
): ApplicationSummary {
  const environment = overrides.environment ?? 'prod';
  const entityRef =
    'entityRef' in overrides ? overrides.entityRef : 'component:default/shop';
  return {
    id: `${entityRef ?? 'config:shop'}#${environment}`,
    environment,
    entityRef,
    owner: 'group:default/team-a',
    cluster: 'main-cluster',
    namespace: `shop-${environment}`,
    repoUrl: 'https://github.com/acme/shop-config.git',
    ref: 'main',
    path: `overlays/${environment}`,
    syncStatus: 'Synced',
    health: 'Healthy',
    revision: SHA,
    commit: {
      sha: SHA,
      message: 'Bump web to 1.4.2\n\nLonger body',
      author: 'Ada Lovelace',
    },
    policy: {
      automated: true,
      selfHeal: true,
      prune: true,
      suspended: false,
      retry: { limit: 3, initialBackoffSeconds: 5, maxBackoffSeconds: 300 },
    },
    lastSyncAt: new Date(Date.now() - 120_000).toISOString(),
    lastSyncDurationMs: 4200,
    lastSyncResult: 'Succeeded',
    nextReconcileAt: new Date(Date.now() + 180_000).toISOString(),
    ...overrides,
  };
}

export function makeResource(
  overrides: Partial<ResourceStatus> = {},
): ResourceStatus {
  return {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    namespace: 'shop-prod',
    name: 'web',
    syncStatus: 'Synced',
    health: 'Healthy',
    ...overrides,
  };
}

export function makeDetails(
  app: ApplicationSummary,
  resources: ResourceStatus[] = [makeResource()],
): ApplicationDetails {
  return {
    ...app,
    resources,
    spec: {
      id: app.id,
      environment: app.environment,
      entityRef: app.entityRef,
      origin: 'catalog',
      project: 'shop',
      source: { repoUrl: app.repoUrl, ref: app.ref, path: app.path },
      destination: {
        cluster: app.cluster,
        namespace: app.namespace,
        allowedNamespaces: [app.namespace],
        allowClusterScoped: false,
      },
      policy: app.policy,
      intervalSeconds: 300,
      ignoreDifferences: [],
    },
  };
}

export function makeSync(
  index: number,
  overrides: Partial<SyncRecord> = {},
): SyncRecord {
  const sha = `${String(index).padStart(2, '0')}${SHA.slice(2)}`;
  return {
    id: `sync-${index}`,
    applicationId: 'component:default/shop#prod',
    revision: sha,
    commit: { sha, message: `Change number ${index}`, author: 'Ada Lovelace' },
    trigger: 'poll',
    startedAt: new Date(Date.now() - index * 60_000).toISOString(),
    finishedAt: new Date(Date.now() - index * 60_000 + 3_000).toISOString(),
    result: 'Succeeded',
    counts: { created: 1, updated: 2, unchanged: 3, pruned: 0 },
    ...overrides,
  };
}

/** A GitOpsApi whose every method is a jest mock with a harmless default answer. */
export function mockGitOpsApi(
  overrides: Partial<GitOpsApi> = {},
): jest.Mocked<GitOpsApi> {
  const emptyPage = { items: [], totalCount: 0, offset: 0, limit: 10 };
  const api: GitOpsApi = {
    listApplications: async () => emptyPage,
    countApplications: async () => ({
      total: 0,
      syncStatus: {
        Synced: 0,
        OutOfSync: 0,
        Syncing: 0,
        Failed: 0,
        Suspended: 0,
        Unknown: 0,
      },
      health: {
        Healthy: 0,
        Progressing: 0,
        Degraded: 0,
        Suspended: 0,
        Missing: 0,
        Unknown: 0,
      },
    }),
    getApplication: async id => makeDetails(makeApp({ id })),
    getApplicationHistory: async () => emptyPage,
    getEntityApplications: async () => ({ items: [], errors: [] }),
    getEntityHistory: async () => emptyPage,
    syncApplication: async id => ({ applicationId: id, queued: true }),
    refreshApplication: async id => ({ applicationId: id, queued: true }),
    suspendApplication: async id => makeApp({ id }),
    resumeApplication: async id => makeApp({ id }),
    pinRevision: async id => makeApp({ id }),
    unpinRevision: async id => makeApp({ id }),
    revertSync: async id => ({
      applicationId: id,
      revertCommit: 'feedbeef00112233',
    }),
    ...overrides,
  };
  for (const key of Object.keys(api) as Array<keyof GitOpsApi>) {
    (api as any)[key] = jest.fn(api[key] as (...args: any[]) => any);
  }
  return api as jest.Mocked<GitOpsApi>;
}
