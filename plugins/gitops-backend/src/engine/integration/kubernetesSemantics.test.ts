import { TestDatabases } from '@backstage/backend-test-utils';
import {
  createEngine,
  namespacedAppSpec,
  RUN_ID,
  TestEngine,
  tickUntil,
  useClusterCleanup,
  useLocalInfrastructure,
} from './harness';

jest.setTimeout(180_000);

/**
 * What a real API server and real controllers do that a stand-in did not: each case is a way a
 * commit could sync green in a test and fail on a user's cluster. The semantics are the cluster's,
 * not the database's: one database is enough here.
 */
describe('engine on a real API server', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const infra = useLocalInfrastructure();
  const cleanup = useClusterCleanup(infra);
  const run = RUN_ID;

  const namespace = (ns: string) =>
    `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`;
  const deployment = (image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  progressDeadlineSeconds: 6
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: ${image}
${extra}`;

  async function setup(
    name: string,
    files: Record<string, string>,
    overrides = {},
  ) {
    const ns = cleanup.namespace(`ks-${name}-${run}`);
    await infra.git.seedRepo(ns, {
      'app/namespace.yaml': namespace(ns),
      ...files,
    });
    const engine = await createEngine(databases, 'SQLITE_3', infra);
    const spec = namespacedAppSpec(infra.git, ns, {
      destination: {
        cluster: 'local',
        namespace: ns,
        allowedNamespaces: [ns],
        allowClusterScoped: true,
      },
      ...overrides,
    });
    return { ns, engine, spec };
  }

  const writesTo = (ns: string) =>
    infra.kube.writes().filter(w => w.namespace === ns || w.name === ns);

  /**
   * Reconciles `rounds` times with nothing new in Git: every round must find the application
   * Synced and write nothing in `ns`. Returns each round's dry-run requests.
   */
  async function quietRounds(
    engine: TestEngine,
    id: string,
    ns: string,
    rounds: number,
    eachRound: () => Promise<void> = async () => {},
  ): Promise<number[]> {
    const dryRuns: number[] = [];
    for (let round = 0; round < rounds; round++) {
      infra.kube.clearRequestLog();
      await engine.tick(id);
      const record = await engine.store.getApplication(id);
      expect([round, record?.state.syncStatus]).toEqual([round, 'Synced']);
      expect(writesTo(ns)).toEqual([]);
      dryRuns.push(infra.kube.requestLog.filter(e => e.dryRun).length);
      await eachRound();
    }
    return dryRuns;
  }

  it('fails a commit with a mistyped field before its first write, naming the field and the file, and keeps the last good sync', async () => {
    const { ns, engine, spec } = await setup('typo', {
      'app/web.yaml': deployment('nginx:1.27'),
    });
    await engine.reconcile(spec);
    const good = await engine.store.getApplication(spec.id);
    expect(good?.state.syncStatus).toBe('Synced');

    for (const [file, content, field] of [
      [
        'app/web.yaml',
        deployment('nginx:1.28', '          imagePullPolicyy: Always\n'),
        /imagePullPolicyy/,
      ],
      [
        'app/web.yaml',
        deployment('nginx:1.28').replace('replicas: 2', 'replicas: "three"'),
        /replicas/,
      ],
      [
        'app/settings.yaml',
        `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { retries: 3 }\n`,
        /data\.retries|retries/,
      ],
    ] as const) {
      await infra.git.seedRepo(ns, {
        'app/namespace.yaml': namespace(ns),
        'app/web.yaml': deployment('nginx:1.27'),
        'app/extra.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: extra }\ndata: { a: "1" }\n`,
        [file]: content,
      });
      infra.kube.clearRequestLog();
      await engine.tick(spec.id);
      const record = await engine.store.getApplication(spec.id);
      expect([file, record?.state.syncStatus]).toEqual([file, 'Failed']);
      expect(record?.state.error).toMatch(field);
      expect(record?.state.error).toContain(file);
      expect(writesTo(ns)).toEqual([]);
      expect(
        await infra.kube.cluster.get('v1', 'ConfigMap', ns, 'extra'),
      ).toBeUndefined();
      expect(record?.state.revision).toBe(good?.state.revision);
    }
    const history = await engine.store.listHistory(
      { applicationId: spec.id },
      { offset: 0, limit: 10 },
    );
    expect(history.items.map(h => h.result)).toEqual([
      'Failed',
      'Failed',
      'Failed',
      'Succeeded',
    ]);
    engine.cleanup();
  });

  it('refuses an immutable change with the object and field named, and replaces the object when its manifest opts in', async () => {
    const job = (image: string, annotations = '') => `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
${annotations}spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: migrate, image: "${image}" }]
`;
    const { ns, engine, spec } = await setup('immutable', {
      'app/job.yaml': job('migrate:1'),
    });
    await engine.reconcile(spec);
    const before = await infra.kube.cluster.get(
      'batch/v1',
      'Job',
      ns,
      'migrate',
    );
    expect(before).toBeDefined();

    await infra.git.commit(ns, { write: { 'app/job.yaml': job('migrate:2') } });
    infra.kube.clearRequestLog();
    await engine.tick(spec.id);
    const refused = await engine.store.getApplication(spec.id);
    expect(refused?.state.syncStatus).toBe('Failed');
    expect(refused?.state.error).toMatch(/Job .*migrate/);
    expect(refused?.state.error).toMatch(/spec\.template/);
    expect(refused?.state.error).toMatch(/immutable/);
    expect(refused?.state.error).toMatch(/Replace=true/);
    expect(writesTo(ns)).toEqual([]);

    for (const annotation of [
      'gitops.backstage.io/sync-options',
      'argocd.argoproj.io/sync-options',
    ]) {
      const image = annotation.startsWith('argocd') ? 'migrate:4' : 'migrate:3';
      await infra.git.commit(ns, {
        write: {
          'app/job.yaml': job(
            image,
            `  annotations:\n    ${annotation}: Replace=true\n`,
          ),
        },
      });
      await engine.tick(spec.id);
      const replaced = await engine.store.getApplication(spec.id);
      expect([
        annotation,
        replaced?.state.syncStatus,
        replaced?.state.error,
      ]).toEqual([annotation, 'Synced', undefined]);
      const live = await infra.kube.cluster.get(
        'batch/v1',
        'Job',
        ns,
        'migrate',
      );
      expect(live?.spec.template.spec.containers[0].image).toBe(image);
      expect(live?.metadata.uid).not.toBe(before?.metadata.uid);
      const [last] = (
        await engine.store.listHistory(
          { applicationId: spec.id },
          { offset: 0, limit: 1 },
        )
      ).items;
      const sync = await engine.store.getSync(last.id);
      expect(sync?.resources?.find(r => r.kind === 'Job')?.action).toBe(
        'replaced',
      );
    }

    // an immutable object someone else made is never deleted to be replaced, even when Git opts in:
    // not without adoptExisting (no application owns it), nor with it (replacing is pruning's power)
    const frozen = (value: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frozen\n  annotations: { gitops.backstage.io/sync-options: Replace=true }\nimmutable: true\ndata: { value: "${value}" }\n`;
    const theirs = await infra.kube.cluster.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'frozen', namespace: ns },
      immutable: true,
      data: { value: 'theirs' },
    });
    await infra.git.commit(ns, {
      write: { 'app/frozen.yaml': frozen('ours') },
    });
    await engine.tick(spec.id);
    const unowned = await engine.store.getApplication(spec.id);
    expect(unowned?.state.syncStatus).toBe('Failed');
    expect(unowned?.state.error).toMatch(
      /ConfigMap .*frozen.*exists and is not managed by any application; set adoptExisting/,
    );
    await engine.reconcile({ ...spec, adoptExisting: true });
    const guarded = await engine.store.getApplication(spec.id);
    expect(guarded?.state.syncStatus).toBe('Failed');
    expect(guarded?.state.error).toMatch(
      /ConfigMap .*frozen.*immutable.*not replaced/,
    );
    const still = await infra.kube.cluster.get('v1', 'ConfigMap', ns, 'frozen');
    expect([still?.metadata.uid, still?.data]).toEqual([
      theirs.metadata.uid,
      { value: 'theirs' },
    ]);
    engine.cleanup();
  });

  it('syncs a CRD and its custom resources in one commit (schema defaults, a list-type map), then re-syncs with 0 writes and no drift', async () => {
    const group = `semantics-${run}.example.com`;
    cleanup.clusterScoped(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      `gadgets.${group}`,
    );
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: gadgets.${group} }
spec:
  group: ${group}
  scope: Namespaced
  names: { plural: gadgets, singular: gadget, kind: Gadget }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: integer, default: 3 }
                mode: { type: string, default: fast }
                ports:
                  type: array
                  x-kubernetes-list-type: map
                  x-kubernetes-list-map-keys: [name]
                  items:
                    type: object
                    required: [name]
                    properties:
                      name: { type: string }
                      port: { type: integer }
                      protocol: { type: string, default: TCP }
`;
    const gadget = `apiVersion: ${group}/v1
kind: Gadget
metadata: { name: g1 }
spec:
  ports:
    - { name: http, port: 80 }
    - { name: metrics, port: 9090 }
`;
    const { ns, engine, spec } = await setup('crd', {
      'app/crd.yaml': crd,
      'app/gadget.yaml': gadget,
    });
    await engine.reconcile(spec);
    const synced = await engine.store.getApplication(spec.id);
    expect([synced?.state.syncStatus, synced?.state.error]).toEqual([
      'Synced',
      undefined,
    ]);
    const live = await infra.kube.cluster.get(
      `${group}/v1`,
      'Gadget',
      ns,
      'g1',
    );
    expect(live?.spec).toEqual({
      size: 3,
      mode: 'fast',
      ports: [
        { name: 'http', port: 80, protocol: 'TCP' },
        { name: 'metrics', port: 9090, protocol: 'TCP' },
      ],
    });
    // another manager owns one item of the map list: ours stay, theirs is not drift
    await infra.kube.cluster.apply(
      {
        apiVersion: `${group}/v1`,
        kind: 'Gadget',
        metadata: { name: 'g1', namespace: ns },
        spec: { ports: [{ name: 'debug', port: 6060 }] },
      },
      'debugger',
    );

    const dryRuns = await quietRounds(engine, spec.id, ns, 2, async () => {
      expect(
        infra.kube
          .writes()
          .filter(w => w.resource === 'customresourcedefinitions'),
      ).toEqual([]);
    });
    expect(dryRuns[1]).toBe(0);
    engine.cleanup();
  });

  it('does not see canonicalised quantities, empty lists and empty maps as drift: 0 writes, and no dry-run after the first', async () => {
    const { ns, engine, spec } = await setup('quantities', {
      'app/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {}
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web }, annotations: {} }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          args: []
          env: []
          resources:
            requests: { cpu: 0.5, memory: 1024Mi }
            limits: { cpu: "1.0", memory: 2Gi }
`,
      'app/quota.yaml': `apiVersion: v1\nkind: ResourceQuota\nmetadata: { name: quota }\nspec: { hard: { requests.cpu: "2.0", requests.memory: 4096Mi } }\n`,
    });
    await engine.reconcile(spec);
    expect((await engine.store.getApplication(spec.id))?.state.syncStatus).toBe(
      'Synced',
    );
    const live = await infra.kube.cluster.get(
      'apps/v1',
      'Deployment',
      ns,
      'web',
    );
    expect(live?.spec.template.spec.containers[0].resources.requests).toEqual({
      cpu: '500m',
      memory: '1Gi',
    });

    const dryRuns = await quietRounds(engine, spec.id, ns, 3);
    // the first look after the sync may ask the server once per canonicalised object; then never
    expect(dryRuns.slice(1)).toEqual([0, 0]);
    engine.cleanup();
  });

  it('leaves the replicas of an autoscaled Deployment to its HPA when ignore rules say so, and sees the HPA turn Healthy', async () => {
    const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 3
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 80 } }
`;
    const web = deployment('nginx:1.27').replace(
      '      containers:\n        - name: web\n          image: nginx:1.27\n',
      '      containers:\n        - name: web\n          image: nginx:1.27\n          resources: { requests: { cpu: 200m } }\n',
    );
    const { ns, engine, spec } = await setup(
      'hpa',
      { 'app/web.yaml': web, 'app/hpa.yaml': hpa },
      {
        ignoreDifferences: [
          {
            group: 'apps',
            kind: 'Deployment',
            jsonPointers: ['/spec/replicas'],
          },
        ],
      },
    );
    await engine.reconcile(spec);
    const settled = await tickUntil(
      engine,
      spec.id,
      r => r?.state.health === 'Healthy',
      { timeoutMs: 90_000 },
    );
    expect(
      settled?.state.resources?.find(
        (r: any) => r.kind === 'HorizontalPodAutoscaler',
      )?.health,
    ).toBe('Healthy');
    const scaled = await infra.kube.cluster.get(
      'apps/v1',
      'Deployment',
      ns,
      'web',
    );
    expect(scaled?.spec.replicas).toBe(3);

    await quietRounds(engine, spec.id, ns, 3, async () => {
      expect(
        (await infra.kube.cluster.get('apps/v1', 'Deployment', ns, 'web'))?.spec
          .replicas,
      ).toBe(3);
      await new Promise(r => setTimeout(r, 1000));
    });
    engine.cleanup();
  });

  it('follows a rollout through real ReplicaSets and Pods: Progressing, Healthy, then Degraded at the progress deadline', async () => {
    const { ns, engine, spec } = await setup('rollout', {
      'app/web.yaml': deployment('nginx:1.27'),
    });
    await engine.reconcile(spec);
    const first = await engine.store.getApplication(spec.id);
    expect(['Progressing', 'Healthy']).toContain(first?.state.health);
    const healthy = await tickUntil(
      engine,
      spec.id,
      r => r?.state.health === 'Healthy',
    );
    expect(healthy?.state.health).toBe('Healthy');
    expect(
      (await infra.kube.cluster.list('v1', 'Pod', ns, 'app=web')).filter(
        p => p.status.phase === 'Running',
      ),
    ).toHaveLength(2);

    await infra.git.commit(ns, {
      write: { 'app/web.yaml': deployment('web:v2-fail') },
    });
    await engine.tick(spec.id);
    expect((await engine.store.getApplication(spec.id))?.state.health).toBe(
      'Progressing',
    );
    const degraded = await tickUntil(
      engine,
      spec.id,
      r => r?.state.health === 'Degraded',
      { timeoutMs: 60_000 },
    );
    expect(degraded?.state.health).toBe('Degraded');
    expect(
      degraded?.state.resources?.find((r: any) => r.kind === 'Deployment')
        ?.healthMessage,
    ).toMatch(/deadline|progress/i);
    engine.cleanup();
  });

  it('prunes a workload and a Namespace: what is being deleted shows as deleting, never failed or missing, and the application converges', async () => {
    const { ns, engine, spec } = await setup(
      'prune',
      {
        'app/web.yaml': deployment('nginx:1.27'),
        'app/extra-namespace.yaml': namespace(`ks-prune-extra-${run}`),
        'app/extra.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: extra, namespace: ks-prune-extra-${run} }\ndata: { a: "1" }\n`,
      },
      {},
    );
    cleanup.namespace(`ks-prune-extra-${run}`);
    const withExtra = {
      ...spec,
      destination: {
        ...spec.destination,
        allowedNamespaces: [ns, `ks-prune-extra-${run}`],
      },
    };
    await engine.reconcile(withExtra);
    await tickUntil(engine, spec.id, r => r?.state.health === 'Healthy');

    await infra.git.commit(ns, {
      remove: ['app/web.yaml', 'app/extra-namespace.yaml', 'app/extra.yaml'],
    });
    const seen: string[] = [];
    const converged = await tickUntil(engine, spec.id, r => {
      seen.push(`${r?.state.syncStatus}/${r?.state.health}`);
      for (const resource of r?.state.resources ?? [])
        seen.push(`${resource.kind}:${resource.syncStatus}/${resource.health}`);
      return r?.state.syncStatus === 'Synced' && r?.state.health === 'Healthy';
    });
    expect([converged?.state.syncStatus, converged?.state.health]).toEqual([
      'Synced',
      'Healthy',
    ]);
    expect(seen.filter(s => /Failed|Missing|Degraded/.test(s))).toEqual([]);
    expect(
      await infra.kube.cluster.get('apps/v1', 'Deployment', ns, 'web'),
    ).toBeUndefined();
    const history = await engine.store.listHistory(
      { applicationId: spec.id },
      { offset: 0, limit: 10 },
    );
    expect(history.items.filter(h => h.result === 'Failed')).toEqual([]);
    engine.cleanup();
  });

  it('keeps a clear state, and its claim moving, when a CRD is deleted while its resources hold finalizers', async () => {
    const group = `held-${run}.example.com`;
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: locks.${group} }
spec:
  group: ${group}
  scope: Namespaced
  names: { plural: locks, singular: lock, kind: Lock }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;
    const lock = `apiVersion: ${group}/v1\nkind: Lock\nmetadata:\n  name: l1\n  finalizers: [${group}/hold]\n`;
    const { ns, engine, spec } = await setup('finalizers', {
      'app/crd.yaml': crd,
      'app/lock.yaml': lock,
    });
    await engine.reconcile(spec);
    expect((await engine.store.getApplication(spec.id))?.state.syncStatus).toBe(
      'Synced',
    );

    await infra.git.commit(ns, { remove: ['app/crd.yaml', 'app/lock.yaml'] });
    for (let i = 0; i < 3; i++) {
      await engine.tick(spec.id);
      const record = await engine.store.getApplication(spec.id);
      expect(record?.state.syncStatus).not.toBe('Failed');
      expect(record?.claimedBy ?? null).toBeNull();
    }
    const held = await infra.kube.cluster.get(`${group}/v1`, 'Lock', ns, 'l1');
    expect(held?.metadata.deletionTimestamp).toBeDefined();

    await infra.kube.cluster.mergePatch(`${group}/v1`, 'Lock', ns, 'l1', {
      metadata: { finalizers: null },
    });
    const converged = await tickUntil(
      engine,
      spec.id,
      r => r?.state.syncStatus === 'Synced' && r?.state.health === 'Healthy',
    );
    expect([converged?.state.syncStatus, converged?.state.health]).toEqual([
      'Synced',
      'Healthy',
    ]);
    const deadline = Date.now() + 30_000;
    while (
      (await infra.kube.cluster.get(
        'apiextensions.k8s.io/v1',
        'CustomResourceDefinition',
        undefined,
        `locks.${group}`,
      )) &&
      Date.now() < deadline
    ) {
      await new Promise(r => setTimeout(r, 500));
    }
    expect(
      await infra.kube.cluster.get(
        'apiextensions.k8s.io/v1',
        'CustomResourceDefinition',
        undefined,
        `locks.${group}`,
      ),
    ).toBeUndefined();
    engine.cleanup();
  });
});
