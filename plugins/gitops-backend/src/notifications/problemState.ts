import { createHash } from 'node:crypto';
import { ApplicationRecord } from '../database/types';
import { ReconcileOutcome } from '../engine/reconciler';

/** A problem the owners of an application are told about once. */
export interface Problem {
  kind: 'failed' | 'degraded' | 'drifted';
  /**
   * Identity of the problem state, stored as the application's `notifiedState`. A retry that ends
   * in the same state yields the same key and notifies nobody; a different commit, error or set of
   * drifted resources is a new problem.
   */
  key: string;
  severity: 'high' | 'normal';
  title: string;
  description: string;
}

export type NotificationDecision =
  /** A new problem state: notify, then remember its key. */
  | { action: 'notify'; problem: Problem }
  /** Healthy and synced again: forget the last problem so the next one notifies. */
  | { action: 'clear' }
  /** Nothing new to say. */
  | { action: 'none' };

export type DecisionInput = {
  app: Pick<
    ApplicationRecord,
    'notifiedState' | 'specHash' | 'syncedRevision' | 'syncedSpecHash'
  > & {
    spec: Pick<ApplicationRecord['spec'], 'id' | 'environment'>;
  };
  outcome: Pick<ReconcileOutcome, 'state' | 'revision'>;
};

const shortHash = (text: string) =>
  createHash('sha256').update(text).digest('hex').slice(0, 16);
const short = (revision: string | undefined) =>
  revision?.slice(0, 7) ?? 'an unknown commit';

/**
 * The problem an outcome shows, worst first: a failed sync, then a Degraded application, then
 * drift that is left uncorrected. Drift means the cluster moved away from the commit that was
 * synced last; a new commit waiting for a manual sync is not drift and notifies nobody.
 */
export function problemOf(input: DecisionInput): Problem | undefined {
  const { app, outcome } = input;
  const { state } = outcome;
  const name = app.spec.id;
  if (state.syncStatus === 'Failed') {
    const error = state.error ?? state.message ?? 'unknown error';
    return {
      kind: 'failed',
      key: `failed:${outcome.revision ?? 'unknown'}:${shortHash(error)}`,
      severity: 'high',
      title: `Sync of ${name} failed`,
      description: `Syncing ${short(outcome.revision)} failed: ${error}`,
    };
  }
  if (state.health === 'Degraded') {
    const revision = state.revision ?? outcome.revision;
    const degraded = (state.resources ?? []).filter(
      r => r.health === 'Degraded',
    );
    const names = degraded
      .slice(0, 5)
      .map(
        r =>
          `${r.kind} ${r.name}${
            r.healthMessage ? ` (${r.healthMessage})` : ''
          }`,
      );
    return {
      kind: 'degraded',
      key: `degraded:${revision ?? 'unknown'}`,
      severity: 'high',
      title: `${name} is Degraded`,
      description: `At ${short(revision)}: ${
        names.join(', ') || state.message || 'a resource is Degraded'
      }`,
    };
  }
  const onSyncedCommit =
    outcome.revision !== undefined &&
    outcome.revision === app.syncedRevision &&
    app.specHash === app.syncedSpecHash;
  if (state.syncStatus === 'OutOfSync' && onSyncedCommit) {
    const drifted = (state.resources ?? [])
      .filter(r => r.syncStatus !== 'Synced')
      .map(
        r =>
          `${r.group}/${r.kind} ${r.namespace ?? ''}/${r.name} ${r.syncStatus}`,
      )
      .sort();
    return {
      kind: 'drifted',
      key: `drifted:${outcome.revision}:${shortHash(drifted.join('\n'))}`,
      severity: 'normal',
      title: `${name} drifted from Git`,
      description:
        state.message ??
        `${drifted.length} resources differ from ${short(outcome.revision)}`,
    };
  }
  return undefined;
}

/** Whether the owners hear about this outcome, and what the stored `notifiedState` becomes. */
export function decideNotification(input: DecisionInput): NotificationDecision {
  const problem = problemOf(input);
  if (problem)
    return problem.key === input.app.notifiedState
      ? { action: 'none' }
      : { action: 'notify', problem };
  const { state } = input.outcome;
  const recovered =
    state.syncStatus === 'Synced' &&
    (state.health === 'Healthy' || state.health === 'Suspended');
  // in between (Progressing, a new commit awaiting a manual sync) the last problem still stands,
  // so a Degraded → Progressing → Degraded flap on one commit notifies once
  return recovered && input.app.notifiedState
    ? { action: 'clear' }
    : { action: 'none' };
}
