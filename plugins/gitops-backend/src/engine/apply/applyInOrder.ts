import { ResourceOutcome } from '@backstage-gitops/plugin-gitops-common';
import { ClusterApi } from '../cluster/clusterApi';
import { KubeApiError } from '../cluster/kubeClient';
import { Comparison } from '../compare/compareWithCluster';
import { keyOf } from '../compare/liveState';
import { mapWithConcurrency } from '../concurrency';
import { syncPlan } from '../order';
import { groupOf, HealthStatus, KubeObject } from '../types';

export interface ApplyOptions {
  concurrency: number;
  waveTimeoutMs: number;
  crdTimeoutMs: number;
  health: (obj: KubeObject | undefined) => { status: HealthStatus; message: string };
  /** Apply only these keys (a user's selective sync); undefined = everything out of sync. */
  only?: Set<string>;
}

export interface ApplyResult {
  /** Live objects as the server returned them after apply. */
  applied: Map<string, KubeObject>;
  outcomes: ResourceOutcome[];
  error?: string;
}

function outcome(obj: KubeObject, action: ResourceOutcome['action'], message?: string): ResourceOutcome {
  return { group: groupOf(obj.apiVersion), kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, action, message };
}

function describeApplyError(obj: KubeObject, error: unknown): string {
  const name = `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof KubeApiError && error.status === 422 && /immutable/i.test(message)) {
    return `${name}: a field that cannot change after creation was changed (${message}); delete and recreate the object, or revert the change`;
  }
  return `${name}: ${message}`;
}

/**
 * Applies what is out of sync in plan order: Namespaces and CRDs first (waiting until a CRD's kind
 * is served), then each sync wave in kind order; a wave waits for the previous one to be healthy.
 * Stops at the first failed wave: later waves and prune never run after a partial apply.
 */
export async function applyInOrder(cluster: ClusterApi, comparisons: Comparison[], options: ApplyOptions): Promise<ApplyResult> {
  const byKey = new Map(comparisons.map(c => [c.key, c]));
  const plan = syncPlan(comparisons.map(c => c.desired));
  const result: ApplyResult = { applied: new Map(), outcomes: [] };
  const needsApply = (c: Comparison) => (c.status === 'OutOfSync' || c.status === 'Missing') && (!options.only || options.only.has(c.key));

  const applyOne = async (obj: KubeObject): Promise<boolean> => {
    const comparison = byKey.get(keyOf(obj))!;
    if (!needsApply(comparison)) {
      result.outcomes.push(outcome(obj, comparison.status === 'Synced' ? 'unchanged' : 'skipped'));
      return true;
    }
    try {
      const live = await cluster.apply(obj);
      result.applied.set(comparison.key, live);
      result.outcomes.push(outcome(obj, comparison.status === 'Missing' ? 'created' : 'updated'));
      if (obj.kind === 'CustomResourceDefinition' && groupOf(obj.apiVersion) === 'apiextensions.k8s.io') {
        const spec = (obj as any).spec;
        const version = spec.versions?.find((v: any) => v.served)?.name;
        if (version) await cluster.waitForKind(`${spec.group}/${version}`, spec.names.kind, options.crdTimeoutMs);
      }
      return true;
    } catch (error) {
      const message = describeApplyError(obj, error);
      result.outcomes.push(outcome(obj, 'failed', message));
      result.error = result.error ?? message;
      return false;
    }
  };

  for (const obj of plan.preflight) {
    if (!(await applyOne(obj))) return result;
  }
  for (let i = 0; i < plan.waves.length; i++) {
    const wave = plan.waves[i];
    const ok = await mapWithConcurrency(wave.objects, options.concurrency, applyOne);
    if (ok.includes(false)) return result;
    const waveChanged = wave.objects.some(o => result.applied.has(keyOf(o)));
    if (i < plan.waves.length - 1 && waveChanged) {
      const problem = await waitForWaveHealthy(cluster, wave.objects, options);
      if (problem) {
        result.error = `Sync wave ${wave.wave}: ${problem}`;
        return result;
      }
    }
  }
  return result;
}

async function waitForWaveHealthy(cluster: ClusterApi, objects: KubeObject[], options: ApplyOptions): Promise<string | undefined> {
  const deadline = Date.now() + options.waveTimeoutMs;
  for (;;) {
    const states = await mapWithConcurrency(objects, options.concurrency, async obj => ({ obj, health: options.health(await cluster.get(obj)) }));
    const degraded = states.find(s => s.health.status === 'Degraded');
    if (degraded) return `${degraded.obj.kind} ${degraded.obj.metadata.name} is Degraded: ${degraded.health.message}`;
    const waiting = states.find(s => s.health.status === 'Progressing' || s.health.status === 'Missing');
    if (!waiting) return undefined;
    if (Date.now() > deadline) return `${waiting.obj.kind} ${waiting.obj.metadata.name} still ${waiting.health.status} after ${options.waveTimeoutMs} ms`;
    await new Promise(r => setTimeout(r, 250));
  }
}
