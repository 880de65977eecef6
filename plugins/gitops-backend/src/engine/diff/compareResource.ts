import { formatPatch, FILE_HEADERS_ONLY, structuredPatch } from 'diff';
import { stringify } from 'yaml';
import type {
  KubeObject,
  SyncStatus,
} from '@backstage-gitops/plugin-gitops-node';
import { changedFields } from './changedFields';
import { maskPair } from './mask';
import { IgnoreRule, normalizeForDiff } from './normalize';

export interface CompareInput {
  /** The server-side apply dry-run result (defaults filled in); undefined if no longer in Git. */
  desired?: KubeObject;
  /** The object in the cluster; undefined if it does not exist. */
  live?: KubeObject;
  ignore?: IgnoreRule[];
}

export interface CompareResult {
  status: SyncStatus;
  /** Dotted paths that differ (see changedFields); empty unless OutOfSync. */
  changedFields: string[];
  /**
   * Unified diff from live (`--- live`) to desired (`+++ desired`) of the normalized,
   * masked objects as YAML with sorted keys: `+` lines are what a sync would write.
   * Empty when Synced.
   */
  diff: string;
}

/** Compares desired with live. Secret values are masked before any output is produced. */
export function compareResource(input: CompareInput): CompareResult {
  if (!input.desired && !input.live) {
    throw new Error('compareResource needs a desired or a live object');
  }
  const normalize = (o: KubeObject | undefined) =>
    o && normalizeForDiff(o, { ignore: input.ignore });
  const { desired, live } = maskPair(
    normalize(input.desired),
    normalize(input.live),
  );

  let status: SyncStatus;
  let fields: string[] = [];
  if (!live) {
    status = 'Missing';
  } else if (!desired) {
    status = 'Extraneous';
  } else {
    fields = changedFields(desired, live);
    status = fields.length > 0 ? 'OutOfSync' : 'Synced';
  }
  const diff =
    status === 'Synced'
      ? ''
      : formatPatch(
          // desired → live, the direction the API documents: `-` is what Git says, `+` what the cluster has
          structuredPatch('desired', 'live', toYaml(desired), toYaml(live)),
          FILE_HEADERS_ONLY,
        );
  return { status, changedFields: fields, diff };
}

function toYaml(obj: KubeObject | undefined): string {
  return obj ? stringify(obj, { sortMapEntries: true, lineWidth: 0 }) : '';
}
