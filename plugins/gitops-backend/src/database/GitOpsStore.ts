import {
  ListApplicationsQuery,
  OnboardingError,
  StatusCounts,
  SyncRecord,
} from '@backstage-gitops/plugin-gitops-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from './migrations';
import { withStoreErrors } from './storeErrors';
import * as applications from './operations/applications';
import * as claims from './operations/claims';
import * as history from './operations/history';
import * as retention from './operations/historyRetention';
import * as inventory from './operations/inventory';
import * as onboarding from './operations/onboardingErrors';
import * as deliveries from './operations/webhookDeliveries';
import { ApplicationRecord, InventoryItem, ReconcileRequest } from './types';

export type {
  ApplicationScope,
  DesiredApplication,
  ReplaceResult,
} from './operations/applications';
export type { ReleaseUpdate } from './operations/claims';

/** Everything the plugin keeps in the portal database. @alpha */
export interface GitOpsStore {
  replaceApplications(
    scope: applications.ApplicationScope,
    desired: applications.DesiredApplication[],
  ): Promise<applications.ReplaceResult>;
  getApplication(id: string): Promise<ApplicationRecord | undefined>;
  listApplications(
    query: ListApplicationsQuery,
  ): Promise<{ items: ApplicationRecord[]; totalCount: number }>;
  countApplications(query: ListApplicationsQuery): Promise<StatusCounts>;
  setOverrides(
    id: string,
    overrides: { suspended?: boolean; pinnedRevision?: string | null },
  ): Promise<boolean>;
  findApplicationsByRepo(repoKey: string, ref: string): Promise<string[]>;
  listEntityRefs(): Promise<string[]>;

  claimDueApplications(options: {
    replica: string;
    limit: number;
    leaseMs: number;
  }): Promise<Array<ApplicationRecord & { staleClaimBy?: string }>>;
  heartbeat(options: {
    replica: string;
    ids: string[];
    leaseMs: number;
  }): Promise<number>;
  /** Due applications no replica holds: the work queue's depth. */
  countDueApplications(): Promise<number>;
  releaseApplication(
    id: string,
    replica: string,
    update: claims.ReleaseUpdate,
  ): Promise<boolean>;
  requestReconcile(id: string, request: ReconcileRequest): Promise<boolean>;
  /** Compare-and-set of the queued request (see claims.updateRequest); undefined for an unknown id. */
  updateRequest(
    id: string,
    decide: (
      current: ReconcileRequest | undefined,
    ) => ReconcileRequest | undefined,
  ): Promise<{ request?: ReconcileRequest; written: boolean } | undefined>;
  saveNotifiedState(id: string, state: string | null): Promise<void>;

  insertSync(
    record: SyncRecord & { entityRef?: string; replica?: string },
  ): Promise<void>;
  finishSync(
    id: string,
    outcome: Parameters<typeof history.finishSync>[2],
    guard?: history.FinishGuard,
  ): Promise<boolean>;
  interruptRunningSyncs(applicationId: string): Promise<number>;
  getSync(id: string): Promise<SyncRecord | undefined>;
  listHistory(
    by: { applicationId: string } | { entityRef: string },
    page: { offset: number; limit: number },
  ): Promise<{
    items: SyncRecord[];
    totalCount: number;
    totalCountCapped?: true;
  }>;
  /** Removes the application's history beyond its newest `keep` rows (at most `limit`); returns how many. */
  trimApplicationHistory(
    applicationId: string,
    keep: number,
    limit: number,
  ): Promise<number>;
  /** Removes up to `limit` history rows started before `olderThan`; returns how many. */
  purgeHistoryOlderThan(olderThan: Date, limit: number): Promise<number>;

  getInventory(applicationId: string): Promise<InventoryItem[]>;
  replaceInventory(
    applicationId: string,
    items: InventoryItem[],
  ): Promise<void>;

  setOnboardingError(
    entityRef: string,
    message: string | undefined,
  ): Promise<void>;
  listOnboardingErrors(entityRef?: string): Promise<OnboardingError[]>;

  /** Records a delivery's replay key until `expiresAt` (purging a bounded batch of expired ones); false for a replay. */
  recordWebhookDelivery(key: string, expiresAt: Date): Promise<boolean>;
}

/** The knex-backed store; `now` is injectable so tests control time. @alpha */
export class DatabaseGitOpsStore implements GitOpsStore {
  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
    now?: () => Date;
  }) {
    if (!options.skipMigrations) await applyDatabaseMigrations(options.knex);
    // every failure leaves the store as a StoreError: users see the driver's words, not the SQL
    return withStoreErrors(
      new DatabaseGitOpsStore(options.knex, options.now ?? (() => new Date())),
    );
  }

  private constructor(
    private readonly knex: Knex,
    private readonly now: () => Date,
  ) {}

  replaceApplications(
    scope: applications.ApplicationScope,
    desired: applications.DesiredApplication[],
  ) {
    return applications.replaceApplications(
      this.knex,
      scope,
      desired,
      this.now(),
    );
  }
  getApplication(id: string) {
    return applications.getApplication(this.knex, id);
  }
  listApplications(query: ListApplicationsQuery) {
    return applications.listApplications(this.knex, query);
  }
  countApplications(query: ListApplicationsQuery) {
    return applications.countApplications(this.knex, query);
  }
  setOverrides(
    id: string,
    overrides: { suspended?: boolean; pinnedRevision?: string | null },
  ) {
    return applications.setOverrides(this.knex, id, overrides, this.now());
  }
  findApplicationsByRepo(repoKey: string, ref: string) {
    return applications.findApplicationsByRepo(this.knex, repoKey, ref);
  }
  listEntityRefs() {
    return applications.listEntityRefs(this.knex);
  }
  claimDueApplications(options: {
    replica: string;
    limit: number;
    leaseMs: number;
  }) {
    return claims.claimDueApplications(this.knex, {
      ...options,
      now: this.now(),
    });
  }
  heartbeat(options: { replica: string; ids: string[]; leaseMs: number }) {
    return claims.heartbeat(this.knex, { ...options, now: this.now() });
  }
  countDueApplications() {
    return claims.countDueApplications(this.knex, this.now());
  }
  releaseApplication(
    id: string,
    replica: string,
    update: claims.ReleaseUpdate,
  ) {
    return claims.releaseApplication(this.knex, id, replica, update);
  }
  requestReconcile(id: string, request: ReconcileRequest) {
    return claims.requestReconcile(this.knex, id, request);
  }
  updateRequest(
    id: string,
    decide: (
      current: ReconcileRequest | undefined,
    ) => ReconcileRequest | undefined,
  ) {
    return claims.updateRequest(this.knex, id, decide);
  }
  saveNotifiedState(id: string, state: string | null) {
    return claims.saveNotifiedState(this.knex, id, state);
  }
  insertSync(record: SyncRecord & { entityRef?: string; replica?: string }) {
    return history.insertSync(this.knex, record);
  }
  finishSync(
    id: string,
    outcome: Parameters<typeof history.finishSync>[2],
    guard?: history.FinishGuard,
  ) {
    return history.finishSync(this.knex, id, outcome, guard);
  }
  interruptRunningSyncs(applicationId: string) {
    return history.interruptRunningSyncs(this.knex, applicationId, this.now());
  }
  getSync(id: string) {
    return history.getSync(this.knex, id);
  }
  listHistory(
    by: { applicationId: string } | { entityRef: string },
    page: { offset: number; limit: number },
  ) {
    return history.listHistory(this.knex, by, page);
  }
  trimApplicationHistory(applicationId: string, keep: number, limit: number) {
    return retention.trimApplicationHistory(
      this.knex,
      applicationId,
      keep,
      limit,
    );
  }
  purgeHistoryOlderThan(olderThan: Date, limit: number) {
    return retention.purgeHistoryOlderThan(this.knex, olderThan, limit);
  }
  getInventory(applicationId: string) {
    return inventory.getInventory(this.knex, applicationId);
  }
  replaceInventory(applicationId: string, items: InventoryItem[]) {
    return inventory.replaceInventory(this.knex, applicationId, items);
  }
  setOnboardingError(entityRef: string, message: string | undefined) {
    return onboarding.setOnboardingError(
      this.knex,
      entityRef,
      message,
      this.now(),
    );
  }
  listOnboardingErrors(entityRef?: string) {
    return onboarding.listOnboardingErrors(this.knex, entityRef);
  }
  recordWebhookDelivery(key: string, expiresAt: Date) {
    return deliveries.recordDelivery(this.knex, key, expiresAt, this.now());
  }
}
