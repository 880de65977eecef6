import {
  gitopsPermissions,
  GITOPS_SIGNAL_CHANNEL,
} from '@backstage-gitops/plugin-gitops-common';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { metrics as otelMetrics } from '@opentelemetry/api';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { readStaticApplications } from './applications/staticApplications';
import { CatalogOnboarding } from './catalog/CatalogOnboarding';
import { DatabaseGitOpsStore } from './database/GitOpsStore';
import { HealthCheck } from './engine/health';
import { configuredIntegrations } from '@backstage-gitops/plugin-gitops-node';
import {
  gitopsApplicationProvidersExtensionPoint,
  gitopsHealthChecksExtensionPoint,
  GitOpsApplicationProvider,
} from './extensions';
import { createGitOpsMetrics } from './metrics/gitopsMetrics';
import { ProblemNotifier } from './notifications/ProblemNotifier';
import { Projects } from './projects';
import { createReconcileEngine } from './reconcileEngine';
import {
  purgeExpiredHistory,
  readHistoryRetention,
} from './scheduler/historyRetention';
import { DefaultGitOpsService } from './service/DefaultGitOpsService';
import { createRouter, UNAUTHENTICATED_PATHS } from './service/router';

/** The scheduled task that removes sync history older than `gitops.history.retention.maxAgeDays`. */
export const HISTORY_RETENTION_TASK = 'gitops-history-retention';

/**
 * The GitOps backend plugin: the reconcile engine, its store and worker, catalog onboarding and
 * the REST API. A portal installs it with `backend.add(import('@backstage-gitops/plugin-gitops-backend'))`.
 * @public
 */
export const gitopsPlugin = createBackendPlugin({
  pluginId: 'gitops',
  register(env) {
    const healthChecks: Record<string, HealthCheck> = {};
    const providers: GitOpsApplicationProvider[] = [];
    env.registerExtensionPoint(gitopsHealthChecksExtensionPoint, {
      addHealthCheck: (groupKind, check) =>
        void (healthChecks[groupKind] = check),
    });
    env.registerExtensionPoint(gitopsApplicationProvidersExtensionPoint, {
      addApplicationProvider: provider => void providers.push(provider),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.rootLifecycle,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        notifications: notificationService,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        auditor,
        lifecycle,
        catalog,
        signals,
        notifications,
      }) {
        // the platform's projects and static applications are checked before anything starts
        const projects = Projects.fromConfig(config);
        const staticApplications = readStaticApplications(config, projects);
        const store = await DatabaseGitOpsStore.create({
          knex: await database.getClient(),
          skipMigrations: database.migrations?.skip,
        });
        permissionsRegistry.addPermissions(gitopsPermissions);

        const metrics = createGitOpsMetrics(
          otelMetrics.getMeter('backstage-gitops'),
          { countQueued: () => store.countDueApplications() },
        );
        const integrations = configuredIntegrations(config);
        const notifier =
          config.getOptionalBoolean('gitops.notifications.enabled') === false
            ? undefined
            : new ProblemNotifier({ store, notifications, logger });
        const { source, worker } = createReconcileEngine({
          store,
          config,
          projects,
          logger,
          replica: `${os.hostname()}-${process.pid}-${randomBytes(3).toString(
            'hex',
          )}`,
          healthChecks,
          git: { onFetch: (ms, ok) => metrics.gitFetched(ms / 1000, ok) },
          kube: {
            onRequest: (method, requestPath, status) =>
              metrics.kubeRequested(method, requestPath, status),
          },
          wrap: reconcile => async app => {
            const started = performance.now();
            const outcome = await reconcile(app);
            metrics.reconciled(
              app,
              outcome,
              (performance.now() - started) / 1000,
            );
            return outcome;
          },
          onOutcome: async (app, outcome) => {
            await notifier?.onOutcome(app, outcome);
            if (
              app.state.syncStatus === outcome.state.syncStatus &&
              app.state.health === outcome.state.health &&
              !outcome.sync
            )
              return;
            await signals
              .publish({
                recipients: { type: 'broadcast' },
                channel: GITOPS_SIGNAL_CHANNEL,
                message: {
                  applicationId: app.spec.id,
                  entityRef: app.spec.entityRef ?? null,
                  syncStatus: outcome.state.syncStatus,
                  health: outcome.state.health,
                },
              })
              .catch(error =>
                logger.debug(`Signal not sent: ${error}`, {
                  applicationId: app.spec.id,
                }),
              );
          },
        });
        const service = new DefaultGitOpsService({
          store,
          integrations,
          source,
          wake: () => worker.wake(),
        });

        httpRouter.use(
          await createRouter({
            service,
            logger,
            httpAuth,
            permissions,
            auditor,
            config,
          }),
        );
        UNAUTHENTICATED_PATHS.forEach(policy =>
          httpRouter.addAuthPolicy(policy),
        );

        await store.replaceApplications(
          { origin: 'config' },
          staticApplications.map(spec => ({ spec })),
        );
        const onboarding = new CatalogOnboarding({
          catalog,
          auth,
          store,
          source,
          integrations,
          projects,
          auditor,
          logger,
        });
        await scheduler.scheduleTask({
          id: 'gitops-catalog-onboarding',
          frequency: {
            seconds:
              config.getOptionalNumber('gitops.onboarding.frequencySeconds') ??
              15,
          },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 1 },
          fn: async () => {
            const summary = await onboarding.refresh();
            for (const provider of providers)
              await onboarding.refreshProvider(provider);
            if (summary.added || summary.changed || summary.removed) {
              logger.info(
                `Onboarding: ${summary.added} added, ${summary.changed} changed, ${summary.removed} removed`,
              );
              worker.wake();
            }
          },
        });
        const retention = readHistoryRetention(config);
        await scheduler.scheduleTask({
          id: HISTORY_RETENTION_TASK,
          frequency: { hours: 1 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 5 },
          fn: async () => {
            const removed = await purgeExpiredHistory(
              store,
              retention,
              new Date(),
            );
            if (removed)
              logger.info(
                `History retention: removed ${removed} sync record(s) older than ${retention.maxAgeDays} days`,
              );
          },
        });
        lifecycle.addStartupHook(() => worker.start());
        lifecycle.addShutdownHook(() => worker.stop());
      },
    });
  },
});
