/** Guards against repositories that would exhaust the backend's memory or CPU. @public */
export interface RenderLimits {
  /** Largest single manifest file read (checked before reading it). */
  maxFileBytes?: number;
  /** Largest total of manifest bytes read, or of Kustomize output. */
  maxTotalBytes?: number;
  /** Most objects one application may render to. */
  maxObjects?: number;
  /** Most YAML alias dereferences per document (defeats "billion laughs"). */
  maxAliasCount?: number;
}

/** The limits applied where a caller sets none: 1 MiB per file, 32 MiB in total, 5000 objects, 100 aliases. @public */
export const DEFAULT_LIMITS: Required<RenderLimits> = {
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 32 * 1024 * 1024,
  maxObjects: 5000,
  maxAliasCount: 100,
};

export function resolveLimits(limits?: RenderLimits): Required<RenderLimits> {
  return { ...DEFAULT_LIMITS, ...stripUndefined(limits ?? {}) };
}

function stripUndefined(limits: RenderLimits): RenderLimits {
  return Object.fromEntries(
    Object.entries(limits).filter(([, v]) => v !== undefined),
  );
}
