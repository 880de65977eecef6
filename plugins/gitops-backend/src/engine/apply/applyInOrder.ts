import {
  OWNERSHIP,
  ResourceOutcome,
} from '@backstage-gitops/plugin-gitops-common';
import { ClusterApi } from '../cluster/clusterApi';
import { KubeApiError } from '../cluster/kubeClient';
import { Comparison } from '../compare/compareWithCluster';
import { keyOf } from '../compare/liveState';
import { mapWithConcurrency } from '../concurrency';
import { syncPlan } from '../order';
import {
  groupOf,
  HealthStatus,
  KubeObject,
} from '@backstage-gitops/plugin-gitops-node';
import { isOwnedBy } from './ownership';
import {
  isImmutableFieldError,
  replaceAllowed,
  SYNC_OPTIONS_ANNOTATION,
} from './syncOptions';

export interface ApplyOptions {
  concurrency: number;
  waveTimeoutMs: number;
  crdTimeoutMs: number;
  health: (obj: KubeObject | undefined) => {
    status: HealthStatus;
    message: string;
  };
  /** Apply only these keys (a user's selective sync); undefined = everything out of sync. */
  only?: Set<string>;
  /** The file an object was rendered from, for error messages. */
  sourceOf?: (key: string) => string | undefined;
  /** How long a replaced object may take to be gone before it is created again. */
  replaceTimeoutMs?: number;
}

export interface ApplyResult {
  /** Live objects as the server returned them after apply. */
  applied: Map<string, KubeObject>;
  outcomes: ResourceOutcome[];
  error?: string;
  /**
   * The error is one a retry cannot fix: RBAC forbids the application's identity, or an object
   * belongs to another application. Only a change of Git, RBAC or ownership lifts it.
   */
  permanent?: boolean;
  /** What the first failure was (a connection error, the server's refusal), for classifying it. */
  cause?: unknown;
}

function outcome(
  obj: KubeObject,
  action: ResourceOutcome['action'],
  message?: string,
): ResourceOutcome {
  return {
    group: groupOf(obj.apiVersion),
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
    action,
    message,
  };
}

function describeApplyError(
  obj: KubeObject,
  error: unknown,
  source?: string,
): string {
  const name = `${obj.kind} ${
    obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''
  }${obj.metadata.name}${source ? ` (${source})` : ''}`;
  const message =
    error instanceof Error
      ? error.message
      : String((error as any)?.message ?? error);
  const status =
    error instanceof KubeApiError ? error.status : (error as any)?.status;
  if (isImmutableFieldError({ status, message })) {
    return `${name}: a field that cannot change after creation was changed (${message}); revert the change, or let the object be deleted and recreated with the annotation ${SYNC_OPTIONS_ANNOTATION}: Replace=true`;
  }
  return `${name}: ${message}`;
}

const servedKindsOf = (crd: KubeObject): string[] => {
  const spec = (crd as any).spec ?? {};
  return ((spec.versions ?? []) as any[])
    .filter(v => v.served)
    .map(v => `${spec.group}/${v.name}|${spec.names?.kind}`);
};

/**
 * The server-side dry-run of everything about to be written, before the first write: an object
 * the API server refuses (a mistyped field, a wrong type, an immutable field changed, RBAC
 * forbids the application's identity) fails the sync while nothing has changed, and so does an
 * object another application owns (`conflict`, found by the comparison). Objects that need a Namespace or CRD created by this same sync
 * cannot be judged before it exists; they are applied after it in plan order. Returns the
 * problems, and the objects whose immutable change may be applied by replacing them.
 */
async function preflight(
  cluster: ClusterApi,
  toApply: Comparison[],
  all: Comparison[],
  options: ApplyOptions,
) {
  const creatingNamespaces = new Set(
    all
      .filter(
        c =>
          c.status === 'Missing' &&
          c.desired.apiVersion === 'v1' &&
          c.desired.kind === 'Namespace',
      )
      .map(c => c.desired.metadata.name),
  );
  // kinds a CRD of this sync serves: not yet served ones are judged once it is applied
  const creatingKinds = new Set(
    all
      .filter(
        c =>
          c.desired.kind === 'CustomResourceDefinition' &&
          groupOf(c.desired.apiVersion) === 'apiextensions.k8s.io',
      )
      .flatMap(c => servedKindsOf(c.desired)),
  );
  const problems = new Map<string, string>();
  let anyOtherProblem = false;
  let cause: unknown;
  const problem = (c: Comparison, error: unknown, note = '') => {
    cause ??= error;
    const status = (error as { status?: number } | undefined)?.status;
    if (!c.conflict && status !== 403) anyOtherProblem = true;
    problems.set(
      c.key,
      `${describeApplyError(
        c.desired,
        error,
        options.sourceOf?.(c.key),
      )}${note}`,
    );
  };
  const replace = new Set<string>();
  await mapWithConcurrency(toApply, options.concurrency * 2, async c => {
    if (c.conflict) {
      problem(c, c.conflict);
      return;
    }
    let refusal = c.dryRunError;
    if (!refusal && c.status === 'Missing') {
      const namespace = c.desired.metadata.namespace;
      if (namespace && creatingNamespaces.has(namespace)) return;
      if (
        creatingKinds.has(`${c.desired.apiVersion}|${c.desired.kind}`) &&
        !(await cluster.resourceType(c.desired.apiVersion, c.desired.kind))
      )
        return;
      try {
        await cluster.apply(c.desired, { dryRun: true });
      } catch (error) {
        if (!(error instanceof KubeApiError)) {
          // unreachable, timed out, or still failing after the client's retries: nothing written yet
          problem(c, error);
          return;
        }
        refusal = { status: error.status, message: error.message };
      }
    }
    if (!refusal) return;
    if (isImmutableFieldError(refusal) && replaceAllowed(c.desired)) {
      // deleting is pruning's power: only an object that already carries this application's id
      if (ownedByDesiredApp(c)) {
        replace.add(c.key);
        return;
      }
      problem(
        c,
        refusal,
        " (not replaced: the live object does not carry this application's ownership marker)",
      );
      return;
    }
    problem(c, refusal);
  });
  return {
    problems,
    replace,
    permanent: problems.size > 0 && !anyOtherProblem,
    cause,
  };
}

/** Whether the live object carries the application id the desired object is applied with. */
function ownedByDesiredApp(c: Comparison): boolean {
  const id = c.desired.metadata.annotations?.[OWNERSHIP.appAnnotation];
  return id !== undefined && isOwnedBy(c.live, id);
}

/** Deletes an object and waits until it is gone, so it can be created again with what Git says. */
async function replaceObject(
  cluster: ClusterApi,
  obj: KubeObject,
  timeoutMs: number,
): Promise<KubeObject> {
  await cluster.delete(obj);
  const deadline = Date.now() + timeoutMs;
  while (await cluster.get(obj)) {
    if (Date.now() > deadline)
      throw new Error(
        `was deleted to be replaced, but is still there after ${timeoutMs} ms (a finalizer?)`,
      );
    await new Promise(r => setTimeout(r, 200));
  }
  return cluster.apply(obj);
}

/**
 * Applies what is out of sync in plan order: Namespaces and CRDs first (waiting until a CRD's kind
 * is served), then each sync wave in kind order; a wave waits for the previous one to be healthy.
 * Stops at the first failed wave: later waves and prune never run after a partial apply.
 */
export async function applyInOrder(
  cluster: ClusterApi,
  comparisons: Comparison[],
  options: ApplyOptions,
): Promise<ApplyResult> {
  const byKey = new Map(comparisons.map(c => [c.key, c]));
  const plan = syncPlan(comparisons.map(c => c.desired));
  const result: ApplyResult = { applied: new Map(), outcomes: [] };
  const needsApply = (c: Comparison) =>
    (c.status === 'OutOfSync' || c.status === 'Missing') &&
    (!options.only || options.only.has(c.key));

  const checked = await preflight(
    cluster,
    comparisons.filter(needsApply),
    comparisons,
    options,
  );
  if (checked.problems.size > 0) {
    const problems = [...checked.problems.values()].sort();
    result.permanent = checked.permanent;
    result.error =
      problems.length === 1
        ? problems[0]
        : `${
            problems.length
          } objects were refused before the first write: ${problems.join(
            '; ',
          )}`;
    result.cause = checked.cause;
    for (const c of comparisons.filter(needsApply)) {
      const own = checked.problems.get(c.key);
      result.outcomes.push(
        own
          ? outcome(c.desired, 'failed', own)
          : outcome(
              c.desired,
              'skipped',
              'not applied: another object of this sync was refused before the first write',
            ),
      );
    }
    return result;
  }

  const applyOne = async (obj: KubeObject): Promise<boolean> => {
    const comparison = byKey.get(keyOf(obj))!;
    if (!needsApply(comparison)) {
      result.outcomes.push(
        outcome(obj, comparison.status === 'Synced' ? 'unchanged' : 'skipped'),
      );
      return true;
    }
    try {
      const replacing = checked.replace.has(comparison.key);
      const live = replacing
        ? await replaceObject(cluster, obj, options.replaceTimeoutMs ?? 60_000)
        : await cluster.apply(obj);
      result.applied.set(comparison.key, live);
      const created = comparison.status === 'Missing' ? 'created' : 'updated';
      result.outcomes.push(outcome(obj, replacing ? 'replaced' : created));
      if (
        obj.kind === 'CustomResourceDefinition' &&
        groupOf(obj.apiVersion) === 'apiextensions.k8s.io'
      ) {
        const spec = (obj as any).spec;
        const version = spec.versions?.find((v: any) => v.served)?.name;
        if (version)
          await cluster.waitForKind(
            `${spec.group}/${version}`,
            spec.names.kind,
            options.crdTimeoutMs,
          );
      }
      return true;
    } catch (error) {
      const message = describeApplyError(
        obj,
        error,
        options.sourceOf?.(comparison.key),
      );
      result.outcomes.push(outcome(obj, 'failed', message));
      if (result.error === undefined) {
        result.error = message;
        result.cause = error;
      }
      return false;
    }
  };

  for (const obj of plan.preflight) {
    if (!(await applyOne(obj))) return result;
  }
  for (let i = 0; i < plan.waves.length; i++) {
    const wave = plan.waves[i];
    const ok = await mapWithConcurrency(
      wave.objects,
      options.concurrency,
      applyOne,
    );
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

async function waitForWaveHealthy(
  cluster: ClusterApi,
  objects: KubeObject[],
  options: ApplyOptions,
): Promise<string | undefined> {
  const deadline = Date.now() + options.waveTimeoutMs;
  for (;;) {
    const states = await mapWithConcurrency(
      objects,
      options.concurrency,
      async obj => ({ obj, health: options.health(await cluster.get(obj)) }),
    );
    const degraded = states.find(s => s.health.status === 'Degraded');
    if (degraded)
      return `${degraded.obj.kind} ${degraded.obj.metadata.name} is Degraded: ${degraded.health.message}`;
    const waiting = states.find(
      s => s.health.status === 'Progressing' || s.health.status === 'Missing',
    );
    if (!waiting) return undefined;
    if (Date.now() > deadline)
      return `${waiting.obj.kind} ${waiting.obj.metadata.name} still ${waiting.health.status} after ${options.waveTimeoutMs} ms`;
    await new Promise(r => setTimeout(r, 250));
  }
}
