import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import { createGitOpsApi, GitOpsApi } from './gitopsApi';
import { syncEntityApplications } from './syncEntityApplications';

/** Id of the scaffolder action that syncs an entity's applications. @public */
export const APP_SYNC_ACTION_ID = 'gitops:app:sync';

/** What the `gitops:app:sync` action needs. @public */
export interface AppSyncActionOptions {
  /** Issues the service token the action calls the GitOps backend with. */
  auth: AuthService;
  /** Finds the GitOps backend's base URL. */
  discovery: DiscoveryService;
  /** Replaces the REST client (tests). */
  api?: GitOpsApi;
  /** How often the GitOps backend is asked for progress; default 2 s. */
  pollIntervalMs?: number;
}

/** The input of `gitops:app:sync` (declared, so its API report is the same on every build). @public */
export type AppSyncInput = {
  /** The catalog entity whose applications are synced. */
  entityRef: string;
  /** Seconds to wait for Synced (and Healthy). */
  timeout: number;
  /** Wait for Healthy as well as Synced. */
  waitForHealthy: boolean;
};

/** The output of `gitops:app:sync`: each application as it ended. @public */
export type AppSyncOutput = {
  /** One entry per application of the entity. */
  applications: {
    id: string;
    environment: string;
    syncStatus: string;
    health: string;
    revision?: string | undefined;
  }[];
};

/**
 * `gitops:app:sync`: requests a sync of every GitOps application of a catalog entity and waits
 * until they are Synced (and Healthy), so a template ends with the service running.
 * @public
 */
export function createAppSyncAction(
  options: AppSyncActionOptions,
): TemplateAction<AppSyncInput, AppSyncOutput, 'v2'> {
  const api = options.api ?? createGitOpsApi(options);
  return createTemplateAction({
    id: APP_SYNC_ACTION_ID,
    description:
      'Syncs the GitOps applications of a catalog entity and waits until they are Synced (and Healthy); waits for the GitOps backend to onboard a newly registered entity first',
    examples: [
      {
        description:
          'Sync the entity registered by an earlier step and wait up to 3 minutes for it to become healthy',
        example: stringify({
          steps: [
            {
              id: 'sync',
              action: APP_SYNC_ACTION_ID,
              name: 'First sync',
              input: {
                entityRef: '${{ steps.register.output.entityRef }}',
                timeout: 180,
              },
            },
          ],
        }),
      },
      {
        description:
          'Only wait until the cluster matches Git, not for the workload to become ready',
        example: stringify({
          steps: [
            {
              id: 'sync',
              action: APP_SYNC_ACTION_ID,
              name: 'Sync',
              input: {
                entityRef: 'component:default/shop-frontend',
                waitForHealthy: false,
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe(
              'Catalog entity whose applications to sync, e.g. component:default/shop-frontend',
            ),
          timeout: z
            .number()
            .int()
            .min(1)
            .max(3600)
            .default(120)
            .describe('Seconds to wait, onboarding included (default 120)'),
          waitForHealthy: z
            .boolean()
            .default(true)
            .describe(
              'Wait until every application is Healthy, not only Synced (default true)',
            ),
        }),
      output: z =>
        z.object({
          applications: z
            .array(
              z.object({
                id: z.string(),
                environment: z.string(),
                syncStatus: z.string(),
                health: z.string(),
                revision: z.string().optional(),
              }),
            )
            .describe('The synced applications'),
        }),
    },
    async handler(ctx) {
      const { entityRef, timeout = 120, waitForHealthy = true } = ctx.input;
      const synced = await syncEntityApplications({
        api,
        entityRef,
        timeoutMs: timeout * 1000,
        waitForHealthy,
        logger: ctx.logger,
        signal: ctx.signal,
        pollIntervalMs: options.pollIntervalMs,
      });
      ctx.output(
        'applications',
        synced.map(app => ({
          id: app.id,
          environment: app.environment,
          syncStatus: app.syncStatus,
          health: app.health,
          ...(app.revision ? { revision: app.revision } : {}),
        })),
      );
      ctx.logger.info(
        `All ${synced.length} application(s) of ${entityRef} are ${
          waitForHealthy ? 'Synced and Healthy' : 'Synced'
        }`,
      );
    },
  });
}
