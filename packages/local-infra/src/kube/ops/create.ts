import { randomInt, randomUUID } from 'node:crypto';
import type { Cluster } from '../cluster';
import { applyDefaults } from '../defaults';
import { trackUpdate, type ManagedFieldsEntry } from '../merge';
import { alreadyExists, forbidden, internalError, notFound } from '../status';
import type { KubeObject, ResourceType } from '../types';
import { validateObject } from '../validation';
import { managerName, WriteOptions } from './writeOptions';

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** metadata.generateName: the prefix plus five random characters (api-concepts: "Generated values"). */
export function generateName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++)
    suffix += GENERATE_ALPHABET[randomInt(GENERATE_ALPHABET.length)];
  return `${prefix}${suffix}`;
}

const SYSTEM_FIELDS = [
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
  'generation',
];

/**
 * Creates `candidate` (already checked against the URL by checkBody). `managedFields` is given by
 * server-side apply; plain creates record an Update entry for the manager.
 */
export function createObject(
  cluster: Cluster,
  type: ResourceType,
  candidate: KubeObject,
  opts: WriteOptions,
  managedFields?: ManagedFieldsEntry[],
): KubeObject {
  const meta = candidate.metadata;
  if (!meta.name && meta.generateName)
    meta.name = generateName(meta.generateName);
  if (meta.resourceVersion) {
    throw internalError(
      'resourceVersion should not be set on objects to be created',
    );
  }
  const qr = { group: type.group, plural: type.plural };
  if (type.namespaced) {
    // Admission (NamespaceLifecycle) runs before validation and storage.
    const phase = cluster.namespacePhase(meta.namespace);
    if (phase === 'missing')
      throw notFound({ group: '', plural: 'namespaces' }, meta.namespace);
    if (phase === 'Terminating') {
      throw forbidden(
        qr,
        meta.name ?? '',
        `unable to create new content in namespace ${meta.namespace} because it is being terminated`,
      );
    }
  }
  for (const f of SYSTEM_FIELDS) delete meta[f];
  meta.uid = randomUUID();
  meta.creationTimestamp = cluster.now();
  if (type.tracksGeneration) meta.generation = 1;
  if (type.statusSubresource && !opts.keepStatus) delete candidate.status;
  applyDefaults(candidate, type, { cluster });
  validateObject(type, candidate);
  if (
    cluster.store.has(cluster.storageKey(type), meta.namespace ?? '', meta.name)
  ) {
    throw alreadyExists(qr, meta.name);
  }
  meta.managedFields =
    managedFields ??
    trackUpdate({
      live: undefined,
      updated: candidate,
      manager: managerName(opts),
      now: cluster.now(),
    });
  if (opts.dryRun) return candidate;
  return cluster.present(
    cluster.store.create(cluster.storageKey(type), candidate),
    type,
  );
}
