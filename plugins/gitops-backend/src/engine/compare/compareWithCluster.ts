import {
  IgnoreRule,
  OWNERSHIP,
  ResourceStatus,
} from '@backstage-gitops/plugin-gitops-common';
import { ClusterApi } from '../cluster/clusterApi';
import { KubeApiError } from '../cluster/kubeClient';
import { decideApply } from '../apply/takeover';
import { mapWithConcurrency } from '../concurrency';
import { compareResource, normalizeForDiff } from '../diff';
import {
  groupOf,
  KubeObject,
  SyncStatus,
  versionOf,
} from '@backstage-gitops/plugin-gitops-node';
import { DryRunMemo } from './dryRunMemo';
import { keyOf } from './liveState';
import { isSubset, ownedFieldsPresent } from './managedFields';

export interface Comparison {
  key: string;
  desired: KubeObject;
  live?: KubeObject;
  status: SyncStatus;
  changedFields: string[];
  /** The server refused the dry-run apply (a mistyped field, an immutable field changed, …). */
  dryRunError?: { status: number; message: string };
  /**
   * The live object is not this application's to write (another application's id, or no id
   * without `adoptExisting`): why. Apply refuses the whole sync when any object has one.
   */
  conflict?: string;
  /**
   * The diff text, made when first asked for: a first sync applies every Missing object, and
   * the YAML of objects about to be applied is never shown (a third of a first sync's CPU).
   */
  diff: () => string;
}

const NO_DIFF = () => '';

function lazy(make: () => string): () => string {
  let text: string | undefined;
  return () => (text ??= make());
}

function ourManagedFields(live: KubeObject): Record<string, any> | undefined {
  const entries = (live.metadata.managedFields as any[] | undefined) ?? [];
  return entries.find(
    e => e.manager === OWNERSHIP.fieldManager && e.operation === 'Apply',
  )?.fieldsV1;
}

/**
 * Compares every desired object with its live counterpart. A live object this application may not
 * write (`app`: whose id the desired objects carry, and whether it adopts unowned ones) is a
 * conflict, found here where the live object is already read, without a dry-run. Objects whose every desired value is
 * already live, and that still carry every field the engine applied before, are Synced without a
 * request, and so are pairs a dry-run already found equal (`memo`: values the server
 * canonicalises); only the rest get a server-side dry-run apply, whose result (defaults filled in
 * by the server) is what is compared and shown.
 */
export async function compareWithCluster(
  cluster: ClusterApi,
  desired: KubeObject[],
  live: Map<string, KubeObject>,
  ignore: IgnoreRule[],
  options: {
    app: { id: string; adoptExisting?: boolean };
    concurrency?: number;
    memo?: DryRunMemo;
  },
): Promise<Comparison[]> {
  const { concurrency = 8, memo } = options;
  return mapWithConcurrency(desired, concurrency, async obj => {
    const key = keyOf(obj);
    const current = live.get(key);
    const ownership = decideApply(obj, current, options.app);
    if (ownership.action === 'conflict')
      return withoutDiff({
        key,
        desired: obj,
        live: current,
        status: 'OutOfSync' as const,
        conflict: ownership.reason,
      });
    if (!current) {
      const diff = lazy(
        () => compareResource({ desired: obj, live: undefined, ignore }).diff,
      );
      return {
        key,
        desired: obj,
        status: 'Missing' as const,
        changedFields: [],
        diff,
      };
    }
    const normalizedDesired = normalizeForDiff(obj, { ignore });
    const normalizedLive = normalizeForDiff(current, { ignore });
    const fingerprint = memo
      ? DryRunMemo.fingerprint(normalizedDesired, normalizedLive)
      : undefined;
    const synced =
      (isSubset(normalizedDesired, normalizedLive) &&
        ownedFieldsPresent(ourManagedFields(current), obj)) ||
      (fingerprint !== undefined && memo!.isSynced(key, fingerprint));
    if (synced)
      return withoutDiff({
        key,
        desired: obj,
        live: current,
        status: 'Synced' as const,
      });
    let dryRun: KubeObject;
    try {
      dryRun = await cluster.apply(obj, { dryRun: true });
    } catch (error) {
      // The server's refusal is the comparison's result: apply reports it before its first write.
      if (
        !(error instanceof KubeApiError) ||
        error.status >= 500 ||
        error.status === 429
      )
        throw error;
      memo?.forget(key);
      return withoutDiff({
        key,
        desired: obj,
        live: current,
        status: 'OutOfSync' as const,
        dryRunError: { status: error.status, message: error.message },
      });
    }
    const result = compareResource({ desired: dryRun, live: current, ignore });
    if (fingerprint !== undefined && result.status === 'Synced')
      memo!.rememberSynced(key, fingerprint);
    else memo?.forget(key);
    return {
      key,
      desired: obj,
      live: current,
      status: result.status,
      changedFields: result.changedFields,
      diff: () => result.diff,
    };
  });
}

/** What an object that needs no diff text compares as: applied just now, or extraneous. */
export function withoutDiff<T extends Pick<Comparison, 'desired' | 'status'>>(
  c: T,
): T & Pick<Comparison, 'changedFields' | 'diff'> {
  return { ...c, changedFields: [], diff: NO_DIFF };
}

export function toResourceStatus(
  c: Pick<Comparison, 'desired' | 'status' | 'changedFields' | 'diff'>,
  health: ResourceStatus['health'],
  healthMessage?: string,
  liveObject?: KubeObject,
): ResourceStatus {
  const conditions = ((liveObject as any)?.status?.conditions ??
    []) as ResourceStatus['conditions'];
  return {
    group: groupOf(c.desired.apiVersion),
    version: versionOf(c.desired.apiVersion),
    kind: c.desired.kind,
    namespace: c.desired.metadata.namespace,
    name: c.desired.metadata.name,
    syncStatus: c.status,
    health,
    healthMessage,
    changedFields: c.changedFields.length ? c.changedFields : undefined,
    diff: c.diff() || undefined,
    conditions: conditions?.length
      ? conditions.map(({ type, status, reason, message }: any) => ({
          type,
          status,
          reason,
          message,
        }))
      : undefined,
  };
}
