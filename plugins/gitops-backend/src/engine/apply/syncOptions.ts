import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';

/** Our per-resource sync options annotation; Argo CD's is honoured too, so migrated manifests keep theirs. */
export const SYNC_OPTIONS_ANNOTATION = 'gitops.backstage.io/sync-options';
export const ARGOCD_SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/** The comma-separated `Name=value` options of both annotations, e.g. `Replace=true`. */
export function syncOptionsOf(obj: KubeObject): Map<string, string> {
  const annotations = obj.metadata?.annotations ?? {};
  const options = new Map<string, string>();
  for (const name of [
    ARGOCD_SYNC_OPTIONS_ANNOTATION,
    SYNC_OPTIONS_ANNOTATION,
  ]) {
    const raw = annotations[name];
    if (typeof raw !== 'string') continue;
    for (const part of raw.split(',')) {
      const [key, value = ''] = part.split('=').map(s => s.trim());
      if (key) options.set(key, value);
    }
  }
  return options;
}

/** Whether a change the API server refuses as immutable may be applied by deleting and recreating the object. */
export const replaceAllowed = (obj: KubeObject) =>
  syncOptionsOf(obj).get('Replace') === 'true';

/** A 422 whose message says an immutable or forbidden field changed: applying again cannot help. */
export const isImmutableFieldError = (error: {
  status: number;
  message: string;
}) => error.status === 422 && /immutable|forbidden/i.test(error.message);
