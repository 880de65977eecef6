import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { GitOpsStore } from '../database/GitOpsStore';
import { ApplicationRecord } from '../database/types';
import { ReconcileOutcome } from '../engine/reconciler';
import { decideNotification } from './problemState';

/** The GitOps tab of the owning entity (the frontend plugin mounts it at `gitops`). */
function entityTabLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/gitops`;
}

/**
 * Tells the owners of an application's entity about a failed sync, a Degraded application or
 * uncorrected drift, once per problem state. The notifications backend resolves an `entity`
 * recipient to the entity's owners.
 *
 * The state is stored before sending: a notification that cannot be delivered is logged, not
 * retried on every reconcile (at most once, never a flood while a sync keeps failing).
 */
export class ProblemNotifier {
  constructor(
    private readonly options: {
      store: GitOpsStore;
      notifications: NotificationService;
      logger: LoggerService;
    },
  ) {}

  async onOutcome(
    app: ApplicationRecord,
    outcome: ReconcileOutcome,
  ): Promise<void> {
    const entityRef = app.spec.entityRef;
    if (!entityRef) return; // applications from static config have no owners to tell
    const decision = decideNotification({ app, outcome });
    if (decision.action === 'none') return;
    const { store, notifications } = this.options;
    const logger = this.options.logger.child({ applicationId: app.spec.id });
    if (decision.action === 'clear') {
      await store.saveNotifiedState(app.spec.id, null);
      logger.debug('Problem resolved; owners will be told about the next one');
      return;
    }
    const { problem } = decision;
    await store.saveNotifiedState(app.spec.id, problem.key);
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef },
        payload: {
          title: problem.title,
          description: problem.description,
          link: entityTabLink(entityRef),
          severity: problem.severity,
          topic: 'gitops',
          // one notification per application: a new problem replaces the last one in the inbox
          scope: `gitops:${app.spec.id}`,
        },
      });
      logger.info(`Notified the owners of ${entityRef}: ${problem.title}`);
    } catch (error) {
      logger.warn(`Could not notify the owners of ${entityRef}: ${error}`);
    }
  }
}
