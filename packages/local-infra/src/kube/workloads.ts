import type { Cluster } from './cluster';
import { trackUpdate } from './merge';
import { deepEqual } from './objectUtil';
import type { StoreEvent } from './store';
import { clone, KubeObject } from './types';
import * as build from './workloadStatus';
import * as complete from './podStatus';

type Builder = (input: build.SimInput) => unknown;

interface Simulated {
  build: Builder;
  /** Whether the kind shows an intermediate "progressing" status before the final one. */
  progressing: boolean;
  /** Which part of the object, when changed, starts a new simulated rollout. */
  token: (o: KubeObject) => string | undefined;
  images: (o: KubeObject) => string[];
}

const imagesOf = (podSpec: any): string[] =>
  [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])]
    .map((c: any) => c?.image)
    .filter(Boolean);
const byGeneration = (o: KubeObject) =>
  `${o.metadata.uid}/${o.metadata.generation}`;
const templateImages = (o: KubeObject) => imagesOf(o.spec?.template?.spec);

const SIMULATED: Record<string, Simulated> = {
  'apps/deployments': {
    build: build.deploymentStatus,
    progressing: true,
    token: byGeneration,
    images: templateImages,
  },
  'apps/statefulsets': {
    build: build.statefulSetStatus,
    progressing: true,
    token: byGeneration,
    images: templateImages,
  },
  'apps/daemonsets': {
    build: build.daemonSetStatus,
    progressing: true,
    token: byGeneration,
    images: templateImages,
  },
  'apps/replicasets': {
    build: build.replicaSetStatus,
    progressing: true,
    token: byGeneration,
    images: templateImages,
  },
  'batch/jobs': {
    build: complete.jobStatus,
    progressing: true,
    token: o => (o.spec?.suspend ? undefined : byGeneration(o)),
    images: templateImages,
  },
  '/pods': {
    build: complete.podStatus,
    progressing: true,
    token: o => o.metadata.uid,
    images: o => imagesOf(o.spec),
  },
  '/persistentvolumeclaims': {
    build: complete.pvcStatus,
    progressing: false,
    token: o => o.metadata.uid,
    images: () => [],
  },
  '/services': {
    build: complete.loadBalancerStatus,
    progressing: false,
    token: o =>
      o.spec?.type === 'LoadBalancer' ? `${o.metadata.uid}/lb` : undefined,
    images: () => [],
  },
};

interface Pending {
  token: string;
  timers: NodeJS.Timeout[];
  steps: Array<() => void>;
}

/**
 * Plays the controllers and kubelet: after `delayMs` a workload gets a realistic status, with one
 * intermediate "progressing" status half-way. Status writes bump resourceVersion and reach watchers
 * but are not requests (they never appear in the request log).
 */
export class WorkloadSimulator {
  private readonly pending = new Map<string, Pending>();
  private readonly seen = new Map<string, string>();
  private unsubscribe?: () => void;

  constructor(
    private readonly cluster: Cluster,
    private readonly delayMs: number,
  ) {}

  start(): void {
    this.unsubscribe = this.cluster.store.subscribe(e => this.onEvent(e));
  }

  stop(): void {
    this.unsubscribe?.();
    for (const p of this.pending.values())
      p.timers.forEach(t => clearTimeout(t));
    this.pending.clear();
  }

  /** Runs every scheduled status change now, in order. */
  settle(): void {
    for (let guard = 0; this.pending.size && guard < 100; guard++) {
      for (const [key, p] of [...this.pending]) {
        p.timers.forEach(t => clearTimeout(t));
        this.pending.delete(key);
        p.steps.forEach(step => step());
      }
    }
  }

  private onEvent(e: StoreEvent) {
    const sim = SIMULATED[e.storageKey];
    if (!sim) return;
    const key = `${e.storageKey}|${e.namespace}|${e.name}`;
    if (e.type === 'DELETED') {
      this.cancel(key);
      this.seen.delete(key);
      return;
    }
    if (e.object.metadata.deletionTimestamp) return;
    const token = sim.token(e.object);
    if (!token || this.seen.get(key) === token) return;
    this.seen.set(key, token);
    this.schedule(key, e, sim, token);
  }

  private cancel(key: string) {
    this.pending.get(key)?.timers.forEach(t => clearTimeout(t));
    this.pending.delete(key);
  }

  private schedule(key: string, e: StoreEvent, sim: Simulated, token: string) {
    this.cancel(key);
    const stages: build.Stage[] = sim.progressing
      ? ['progressing', 'final']
      : ['final'];
    const steps = stages.map(
      stage => () =>
        this.write(e.storageKey, e.namespace, e.name, sim, token, stage),
    );
    const pending: Pending = { token, timers: [], steps: [...steps] };
    const delays = sim.progressing
      ? [this.delayMs / 2, this.delayMs]
      : [this.delayMs];
    pending.timers = delays.map((delay, i) =>
      setTimeout(() => {
        pending.steps.shift()?.();
        if (i === delays.length - 1) this.pending.delete(key);
      }, delay).unref(),
    );
    // Steps already run by a timer are dropped from `steps`; settle() runs whatever is left.
    this.pending.set(key, pending);
  }

  private write(
    storageKey: string,
    ns: string,
    name: string,
    sim: Simulated,
    token: string,
    stage: build.Stage,
  ) {
    const current = this.cluster.store.get(storageKey, ns, name);
    if (
      !current ||
      sim.token(current) !== token ||
      current.metadata.deletionTimestamp
    )
      return;
    const failed = sim
      .images(current)
      .some(i => this.cluster.failingImages.has(i));
    const status = sim.build({
      obj: current,
      stage,
      failed,
      now: this.cluster.now(),
    });
    if (deepEqual(current.status, status)) return;
    const next = clone(current);
    next.status = status;
    next.metadata.managedFields = trackUpdate({
      live: current,
      updated: next,
      manager: 'kube-controller-manager',
      now: this.cluster.now(),
      subresource: 'status',
    });
    this.cluster.store.update(storageKey, next);
  }
}
