import {
  ApplicationDetails,
  ApplicationSummary,
  EntityApplications,
  ListApplicationsQuery,
  Page,
  SyncRequest,
} from '@backstage-gitops/plugin-gitops-common';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { randomUUID } from 'node:crypto';
import { repoKey } from '../applications/repoKey';
import { GitOpsStore } from '../database/GitOpsStore';
import { ApplicationRecord, ReconcileRequest } from '../database/types';
import { UnknownCommitError } from '../engine/source/gitRepositoryCache';
import { revertCommit } from '../engine/source/revertCommit';
import {
  Actor,
  GitOpsService,
  QueuedRequest,
  unknownApplicationMessage,
} from './GitOpsService';
import { coalesce } from './requestCoalescing';

function displayedSyncStatus(
  record: ApplicationRecord,
  running: boolean,
): ApplicationSummary['syncStatus'] {
  if (record.suspended) return 'Suspended';
  if (running && record.request?.sync) return 'Syncing';
  return record.state.syncStatus;
}

/** What the API shows of a stored application: user overrides win over the last-known status. */
export function toSummary(
  record: ApplicationRecord,
  now = new Date(),
): ApplicationSummary {
  const { spec, state } = record;
  const running =
    record.claimedBy !== undefined &&
    (record.claimExpiresAt?.getTime() ?? 0) >= now.getTime();
  return {
    id: spec.id,
    environment: spec.environment,
    entityRef: spec.entityRef,
    owner: record.owner,
    cluster: spec.destination.cluster,
    namespace: spec.destination.namespace,
    repoUrl: spec.source.repoUrl,
    ref: spec.source.ref,
    path: spec.source.path,
    syncStatus: displayedSyncStatus(record, running),
    health: state.health,
    message: record.suspended
      ? 'Suspended: automated reconciliation is paused'
      : state.message,
    revision: state.revision,
    commit: state.commit,
    pinnedRevision: record.pinnedRevision,
    policy: {
      ...spec.policy,
      suspended: record.suspended,
      automated: spec.policy.automated && !record.pinnedRevision,
    },
    lastSyncAt: record.lastSyncAt?.toISOString(),
    lastSyncDurationMs: record.lastSyncDurationMs,
    lastSyncResult: record.lastSyncResult,
    nextReconcileAt: record.suspended
      ? undefined
      : record.nextReconcileAt.toISOString(),
    error: state.error,
    errorCategory: state.error ? state.errorCategory : undefined,
  };
}

/** What pin needs of the engine's Git source: fetch a commit of a ref, or fail naming why. */
export interface CommitSource {
  fetchRevision(repoUrl: string, ref: string, revision: string): Promise<void>;
}

export interface DefaultGitOpsServiceOptions {
  store: GitOpsStore;
  integrations: ScmIntegrationRegistry;
  /** The engine's Git cache: a pin is accepted only for a commit the remote has. */
  source: CommitSource;
  /** Tells the local worker there is work now (other replicas find it on their next poll). */
  wake: () => void;
  revertAuthor?: { name: string; email: string };
}

/** The GitOps service over the store and the Git cache: does what the REST API asks once the router has checked auth, permissions and input. @alpha */
export class DefaultGitOpsService implements GitOpsService {
  constructor(private readonly options: DefaultGitOpsServiceOptions) {}

  private async record(id: string): Promise<ApplicationRecord> {
    const record = await this.options.store.getApplication(id);
    if (!record) throw new NotFoundError(unknownApplicationMessage(id));
    return record;
  }

  async listApplications(
    query: ListApplicationsQuery,
  ): Promise<Page<ApplicationSummary>> {
    const { items, totalCount } = await this.options.store.listApplications(
      query,
    );
    return {
      items: items.map(r => toSummary(r)),
      totalCount,
      offset: query.offset ?? 0,
      limit: query.limit ?? 50,
    };
  }

  countApplications(query: ListApplicationsQuery) {
    return this.options.store.countApplications(query);
  }

  async getApplication(id: string): Promise<ApplicationDetails> {
    const record = await this.record(id);
    const lastSync = record.lastSyncId
      ? await this.options.store.getSync(record.lastSyncId)
      : undefined;
    return {
      ...toSummary(record),
      spec: record.spec,
      lastSync,
      resources: record.state.resources ?? [],
    };
  }

  async entityRefOf(id: string) {
    return (await this.record(id)).spec.entityRef;
  }

  async getHistory(id: string, page: { offset: number; limit: number }) {
    await this.record(id);
    return {
      ...(await this.options.store.listHistory({ applicationId: id }, page)),
      ...page,
    };
  }

  async getEntityApplications(entityRef: string): Promise<EntityApplications> {
    const { items } = await this.options.store.listApplications({
      entityRef,
      limit: 100,
      orderBy: 'environment',
    });
    return {
      items: items.map(r => toSummary(r)),
      errors: await this.options.store.listOnboardingErrors(entityRef),
    };
  }

  async getEntityHistory(
    entityRef: string,
    page: { offset: number; limit: number },
  ) {
    return {
      ...(await this.options.store.listHistory({ entityRef }, page)),
      ...page,
    };
  }

  /** A request that replaces whatever was queued: pin, unpin and revert change what a sync does. */
  private async replaceRequest(
    id: string,
    request: Omit<ReconcileRequest, 'requestedAt' | 'id'>,
  ) {
    await this.options.store.requestReconcile(id, {
      id: randomUUID(),
      ...request,
      requestedAt: new Date().toISOString(),
    });
    this.options.wake();
  }

  /**
   * Queues a sync or refresh, or joins the one already queued or running when it does what was
   * asked (see coalesce): concurrent callers get one reconcile and one history row between them.
   */
  private async queue(
    id: string,
    request: Omit<ReconcileRequest, 'requestedAt' | 'id'>,
  ): Promise<QueuedRequest> {
    const incoming: ReconcileRequest = {
      id: randomUUID(),
      ...request,
      requestedAt: new Date().toISOString(),
    };
    let conflict: ReconcileRequest | undefined;
    const outcome = await this.options.store.updateRequest(id, current => {
      const decision = coalesce(current, incoming);
      conflict = decision.kind === 'conflict' ? decision.request : undefined;
      return decision.kind === 'queue' ? incoming : undefined;
    });
    if (!outcome) throw new NotFoundError(unknownApplicationMessage(id));
    if (conflict) {
      const target = conflict.revision ? ` of ${conflict.revision}` : '';
      throw new ConflictError(
        `A different sync${target} of '${id}' is already queued or running; try again when it finishes`,
      );
    }
    if (outcome.written) this.options.wake();
    return {
      requestId: outcome.request?.id,
      alreadyQueued: !outcome.written,
    };
  }

  requestSync(id: string, request: SyncRequest, actor: Actor) {
    return this.queue(id, {
      trigger: 'user',
      sync: true,
      requestedBy: actor.ref,
      revision: request.revision,
      resources: request.resources,
    });
  }

  requestRefresh(id: string, actor: Actor) {
    return this.queue(id, {
      trigger: 'user',
      sync: false,
      requestedBy: actor.ref,
    });
  }

  async setSuspended(id: string, suspended: boolean, _actor: Actor) {
    await this.record(id);
    await this.options.store.setOverrides(id, { suspended });
    this.options.wake();
    return toSummary(await this.record(id));
  }

  async pin(id: string, revision: string, actor: Actor) {
    if (!/^[0-9a-f]{40}$/.test(revision))
      throw new InputError(
        'revision: a pin needs a full 40-character commit SHA',
      );
    const { spec } = await this.record(id);
    await this.options.source
      .fetchRevision(spec.source.repoUrl, spec.source.ref, revision)
      .catch(error => {
        if (error instanceof UnknownCommitError)
          throw new InputError(
            `revision: commit ${revision} does not exist on '${spec.source.ref}' of ${spec.source.repoUrl}; nothing was pinned`,
          );
        throw new ServiceUnavailableError(
          `Cannot check commit ${revision} before pinning it: ${error.message}`,
        );
      });
    await this.options.store.setOverrides(id, { pinnedRevision: revision });
    await this.replaceRequest(id, {
      trigger: 'user',
      sync: true,
      requestedBy: actor.ref,
    });
    return toSummary(await this.record(id));
  }

  async unpin(id: string, actor: Actor) {
    await this.record(id);
    await this.options.store.setOverrides(id, { pinnedRevision: null });
    await this.replaceRequest(id, {
      trigger: 'user',
      sync: false,
      requestedBy: actor.ref,
    });
    return toSummary(await this.record(id));
  }

  async revert(id: string, syncId: string, actor: Actor) {
    const record = await this.record(id);
    const sync = await this.options.store.getSync(syncId);
    if (!sync || sync.applicationId !== id)
      throw new NotFoundError(`No history entry '${syncId}' for '${id}'`);
    if (!sync.revision)
      throw new InputError('This history entry has no revision to revert');
    const revertCommitSha = await revertCommit({
      integrations: this.options.integrations,
      repoUrl: record.spec.source.repoUrl,
      branch: record.spec.source.ref,
      revision: sync.revision,
      author: this.options.revertAuthor ?? {
        name: 'Backstage GitOps',
        email: 'gitops@backstage.invalid',
      },
      requestedBy: actor.ref,
    }).catch(error => {
      throw new ConflictError(error.message);
    });
    await this.replaceRequest(id, {
      trigger: 'revert',
      sync: true,
      requestedBy: actor.ref,
    });
    return { revertCommit: revertCommitSha };
  }

  async handlePush(push: {
    repoUrl: string;
    branch: string;
    deliveryId: string;
    replayKey: string;
    rememberUntil: Date;
  }) {
    if (
      !(await this.options.store.recordWebhookDelivery(
        push.replayKey,
        push.rememberUntil,
      ))
    )
      return { triggered: [], replay: true };
    const ids = await this.options.store.findApplicationsByRepo(
      repoKey(push.repoUrl),
      push.branch,
    );
    const requestedAt = new Date().toISOString();
    for (const id of ids) {
      await this.options.store.requestReconcile(id, {
        id: randomUUID(),
        trigger: 'webhook',
        sync: false,
        requestedBy: `webhook:${push.deliveryId.split(':')[0]}`,
        requestedAt,
      });
    }
    if (ids.length) this.options.wake();
    return { triggered: ids, replay: false };
  }
}
