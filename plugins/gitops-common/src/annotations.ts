/**
 * Catalog annotations that onboard an entity to GitOps.
 *
 * Only the repository location is read from the entity; credentials always come from the portal's
 * integrations config, and the environments come from the descriptor file inside the repository.
 *
 * @public
 */
export const GITOPS_ANNOTATIONS = {
  /** URL of the config repository, e.g. `https://git.example.com/team/shop-config.git`. Required. */
  configRepo: 'gitops.backstage.io/config-repo',
  /** Branch, tag or commit SHA to read the descriptor and manifests from. Default: `main`. */
  configRef: 'gitops.backstage.io/config-ref',
  /** Folder of the descriptor file inside the repository. Default: the repository root. */
  configPath: 'gitops.backstage.io/config-path',
  /** Comma-separated environment names to onboard; others in the descriptor are ignored. Default: all. */
  environments: 'gitops.backstage.io/environments',
} as const;

/** Manifest annotations the engine reads. @public */
export const SYNC_WAVE_ANNOTATION = 'gitops.backstage.io/sync-wave';
/** Honoured so users moving from Argo CD keep their waves. @public */
export const ARGOCD_SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** Ownership markers the engine writes on every applied object; prune only touches objects carrying them. @public */
export const OWNERSHIP = {
  /** Label: a DNS-label-safe hash of the application id (selectable). */
  appLabel: 'gitops.backstage.io/app',
  /** Annotation: the full application id. */
  appAnnotation: 'gitops.backstage.io/app-id',
  /** Annotation: the commit SHA last applied. */
  revisionAnnotation: 'gitops.backstage.io/revision',
  /** Field manager used for server-side apply. */
  fieldManager: 'backstage-gitops',
} as const;

/** Name of the descriptor file at the root (or config path) of a config repository. @public */
export const DESCRIPTOR_FILE = 'gitops.yaml';
