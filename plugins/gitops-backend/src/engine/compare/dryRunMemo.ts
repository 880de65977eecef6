import { createHash } from 'node:crypto';
import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';

/**
 * Remembers which (desired, live) pairs a server-side dry-run found in sync. The API server
 * canonicalises what Git says (`cpu: 0.5` is stored as `500m`, `1024Mi` as `1Gi`, an empty `args`
 * list is dropped, a CRD's schema fills in defaults), so a plain comparison calls such an object
 * different forever; asking the server again on every reconcile would cost a request per object.
 * Once the server has said the pair is equal, the same desired object against the same live
 * object (status and server-managed metadata aside) is Synced without a request.
 */
export class DryRunMemo {
  private readonly entries = new Map<string, string>();

  constructor(private readonly maxEntries = 100_000) {}

  /** Of a pair already reduced by `normalizeForDiff` (with the application's ignore rules). */
  static fingerprint(
    normalizedDesired: KubeObject,
    normalizedLive: KubeObject,
  ): string {
    return createHash('sha1')
      .update(JSON.stringify(normalizedDesired))
      .update('\0')
      .update(JSON.stringify(normalizedLive))
      .digest('base64');
  }

  isSynced(key: string, fingerprint: string): boolean {
    return this.entries.get(key) === fingerprint;
  }

  rememberSynced(key: string, fingerprint: string): void {
    // Map keeps insertion order: re-inserting makes the entry the newest, the oldest goes first.
    this.entries.delete(key);
    this.entries.set(key, fingerprint);
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
