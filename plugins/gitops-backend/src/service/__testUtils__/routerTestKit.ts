import {
  ApplicationDetails,
  ApplicationSummary,
} from '@backstage-gitops/plugin-gitops-common';
import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import express from 'express';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { GitOpsService } from '../GitOpsService';
import { createRouter } from '../router';

export const APP_ID = 'component:default/shop#dev';
export const APP_PATH = `/applications/${encodeURIComponent(APP_ID)}`;
export const ENTITY_REF = 'component:default/shop';
export const USER_HEADER = mockCredentials.user.header('user:default/alice');

export function summary(
  overrides: Partial<ApplicationSummary> = {},
): ApplicationSummary {
  return {
    id: APP_ID,
    environment: 'dev',
    entityRef: ENTITY_REF,
    cluster: 'local',
    namespace: 'shop-dev',
    repoUrl: 'https://git.example.com/team/shop-config',
    ref: 'main',
    path: 'envs/dev',
    syncStatus: 'Synced',
    health: 'Healthy',
    policy: {
      automated: true,
      selfHeal: true,
      prune: true,
      suspended: false,
      retry: { limit: 5, initialBackoffSeconds: 5, maxBackoffSeconds: 300 },
    },
    ...overrides,
  };
}

export type MockedService = jest.Mocked<GitOpsService>;

/** A GitOpsService whose every method is a jest mock with a plausible default answer. */
export function mockGitOpsService(): MockedService {
  const impl: GitOpsService = {
    listApplications: async q => ({
      items: [summary()],
      totalCount: 1,
      offset: q.offset ?? 0,
      limit: q.limit ?? 50,
    }),
    countApplications: async () => ({
      total: 1,
      syncStatus: {
        Synced: 1,
        OutOfSync: 0,
        Syncing: 0,
        Failed: 0,
        Suspended: 0,
        Unknown: 0,
      },
      health: {
        Healthy: 1,
        Progressing: 0,
        Degraded: 0,
        Suspended: 0,
        Missing: 0,
        Unknown: 0,
      },
    }),
    getApplication: async () => ({
      ...summary(),
      spec: {} as ApplicationDetails['spec'],
      resources: [],
    }),
    entityRefOf: async () => ENTITY_REF,
    getHistory: async (_id, page) => ({ items: [], totalCount: 0, ...page }),
    getEntityApplications: async () => ({ items: [summary()], errors: [] }),
    getEntityHistory: async (_ref, page) => ({
      items: [],
      totalCount: 0,
      ...page,
    }),
    requestSync: async () => ({ requestId: 'request-1', alreadyQueued: false }),
    requestRefresh: async () => ({
      requestId: 'request-1',
      alreadyQueued: false,
    }),
    setSuspended: async (_id, suspended) =>
      summary({ syncStatus: suspended ? 'Suspended' : 'Synced' }),
    pin: async (_id, revision) => summary({ pinnedRevision: revision }),
    unpin: async () => summary(),
    revert: async () => ({ revertCommit: 'c'.repeat(40) }),
    handlePush: async () => ({ triggered: [APP_ID], replay: false }),
  };
  const mocked: Record<string, jest.Mock> = {};
  for (const [name, fn] of Object.entries(impl)) mocked[name] = jest.fn(fn);
  return mocked as unknown as MockedService;
}

type Decision =
  | AuthorizeResult.ALLOW
  | AuthorizeResult.DENY
  | AuthorizeResult.CONDITIONAL;

/**
 * A permission policy by permission name (default ALLOW). `perEntity` answers resource checks for
 * named entity refs, for testing CONDITIONAL listing.
 */
export class FakePermissions implements PermissionsService {
  readonly calls: Array<{
    method: 'authorize' | 'authorizeConditional';
    permission: string;
    resourceRef?: string;
  }> = [];
  constructor(
    public decisions: Record<string, Decision> = {},
    public perEntity: Record<
      string,
      AuthorizeResult.ALLOW | AuthorizeResult.DENY
    > = {},
    /** Permission name → entity ref → decision: one permission on one entity. */
    public perPermission: Record<
      string,
      Record<string, AuthorizeResult.ALLOW | AuthorizeResult.DENY>
    > = {},
  ) {}

  /** How many times authorize() was called (one call may carry many requests). */
  authorizeBatches = 0;

  async authorize(requests: any[]): Promise<any[]> {
    this.authorizeBatches += 1;
    return requests.map(({ permission, resourceRef }) => {
      this.calls.push({
        method: 'authorize',
        permission: permission.name,
        resourceRef,
      });
      const forPermission = this.perPermission[permission.name] ?? {};
      if (resourceRef && resourceRef in forPermission)
        return { result: forPermission[resourceRef] };
      if (resourceRef && resourceRef in this.perEntity)
        return { result: this.perEntity[resourceRef] };
      const decision = this.decisions[permission.name] ?? AuthorizeResult.ALLOW;
      // A real policy's conditional answer is resolved against the resource: unknown → DENY.
      return {
        result:
          decision === AuthorizeResult.CONDITIONAL
            ? AuthorizeResult.DENY
            : decision,
      };
    });
  }

  async authorizeConditional(requests: any[]): Promise<any[]> {
    return requests.map(({ permission }) => {
      this.calls.push({
        method: 'authorizeConditional',
        permission: permission.name,
      });
      const decision = this.decisions[permission.name] ?? AuthorizeResult.ALLOW;
      return decision === AuthorizeResult.CONDITIONAL
        ? {
            result: decision,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: {
              rule: 'IS_ENTITY_OWNER',
              resourceType: 'catalog-entity',
              params: {},
            },
          }
        : { result: decision };
    });
  }
}

export interface RecordedAuditEvent {
  eventId: string;
  severityLevel?: string;
  /** Who acted, as the real auditor names them: a user's entity ref or a service's subject. */
  actorId?: string;
  meta?: JsonObject;
  status: 'initiated' | 'succeeded' | 'failed';
  error?: Error;
}

/**
 * Records every audit event and its outcome, like the real auditor's log lines. Like the real one,
 * it resolves the request's credentials to name the actor, and fails when they are invalid.
 */
export class FakeAuditor implements AuditorService {
  readonly events: RecordedAuditEvent[] = [];
  constructor(private readonly httpAuth?: HttpAuthService) {}

  async createEvent(options: AuditorServiceCreateEventOptions) {
    let actorId: string | undefined;
    if (options.request && this.httpAuth) {
      const { principal } = (await this.httpAuth.credentials(
        options.request,
      )) as {
        principal: { type: string; userEntityRef?: string; subject?: string };
      };
      if (principal.type === 'user') actorId = principal.userEntityRef;
      if (principal.type === 'service') actorId = principal.subject;
    }
    const base = {
      eventId: options.eventId,
      severityLevel: options.severityLevel,
      actorId,
      meta: options.meta,
    };
    this.events.push({ ...base, status: 'initiated' });
    return {
      success: async (params?: { meta?: JsonObject }) => {
        this.events.push({
          ...base,
          meta: { ...base.meta, ...params?.meta },
          status: 'succeeded',
        });
      },
      fail: async (params: { error: Error; meta?: JsonObject }) => {
        this.events.push({
          ...base,
          meta: { ...base.meta, ...params.meta },
          status: 'failed',
          error: params.error,
        });
      },
    };
  }

  /** Final outcomes only (succeeded / failed). */
  outcomes() {
    return this.events.filter(e => e.status !== 'initiated');
  }
}

export const WEBHOOK_SECRETS = {
  github: 'github-secret',
  gitlab: 'gitlab-token',
  gitea: 'gitea-secret',
  bitbucket: 'bitbucket-secret',
  generic: 'generic-secret',
};

export async function createTestApp(
  options: {
    decisions?: Record<string, Decision>;
    webhooks?: Record<string, { secret: string }>;
  } = {},
) {
  const service = mockGitOpsService();
  const permissions = new FakePermissions(options.decisions);
  // Requests without a token are anonymous, as behind the real auth layer.
  const httpAuth = mockServices.httpAuth({
    defaultCredentials: mockCredentials.none(),
  });
  const auditor = new FakeAuditor(httpAuth);
  const router = await createRouter({
    service,
    permissions,
    auditor,
    logger: mockServices.rootLogger({ level: 'none' }),
    httpAuth,
    config: new ConfigReader({
      gitops: {
        webhooks:
          options.webhooks ??
          Object.fromEntries(
            Object.entries(WEBHOOK_SECRETS).map(([p, secret]) => [
              p,
              { secret },
            ]),
          ),
      },
    }),
  });
  const app = express().use(router);
  return { app, router, service, permissions, auditor };
}

export interface DocumentedRoute {
  method: string;
  /** Express form: `/applications/:id`. */
  path: string;
  /** False where the operation sets `security: []`. */
  authenticated: boolean;
}

/** Every operation in openapi.yaml, with paths converted `{id}` → `:id`. */
export function documentedRoutes(): DocumentedRoute[] {
  const doc = parseYaml(
    readFileSync(resolvePath(__dirname, '../openapi.yaml'), 'utf8'),
  );
  const globalSecurity: unknown[] = doc.security ?? [];
  const routes: DocumentedRoute[] = [];
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const security: unknown[] = operation.security ?? globalSecurity;
      routes.push({
        method,
        path: path.replace(/\{(\w+)\}/g, ':$1'),
        authenticated: security.length > 0,
      });
    }
  }
  return routes;
}

/** Replaces `:param` with a URL-encoded sample value. */
export function samplePath(path: string): string {
  const samples: Record<string, string> = {
    id: encodeURIComponent(APP_ID),
    syncId: 'sync-1',
    kind: 'component',
    namespace: 'default',
    name: 'shop',
    provider: 'github',
  };
  return path.replace(/:(\w+)/g, (_, param: string) => samples[param] ?? param);
}
