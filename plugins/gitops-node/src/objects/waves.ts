import type { KubeObject } from './objects';
import { formatResourceKey, resourceKey } from './objects';

/** Annotation that orders objects into sync waves: an integer, lower waves first, default 0. @public */
export const SYNC_WAVE_ANNOTATION = 'gitops.backstage.io/sync-wave';
/** Honoured too, so manifests written for Argo CD keep their order. @public */
export const ARGOCD_SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

function readWave(obj: KubeObject): { wave: number; problem?: string } {
  const annotations = obj.metadata.annotations ?? {};
  const name =
    SYNC_WAVE_ANNOTATION in annotations
      ? SYNC_WAVE_ANNOTATION
      : ARGOCD_SYNC_WAVE_ANNOTATION;
  const raw = annotations[name];
  if (raw === undefined) return { wave: 0 };
  const text = String(raw).trim();
  const wave = Number(text);
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(wave)) {
    return {
      wave: 0,
      problem: `annotation ${name} must be an integer, got "${raw}"`,
    };
  }
  return { wave };
}

/** Why the object's sync-wave annotation is unusable, or undefined when it is fine (validation). @public */
export function syncWaveProblem(obj: KubeObject): string | undefined {
  return readWave(obj).problem;
}

/** The object's sync wave: an integer (negative allowed), default 0. Throws on anything else. @public */
export function syncWaveOf(obj: KubeObject): number {
  const { wave, problem } = readWave(obj);
  if (problem)
    throw new Error(`${formatResourceKey(resourceKey(obj))}: ${problem}`);
  return wave;
}
