import {
  ApplicationSpec,
  Impersonation,
  OWNERSHIP,
} from '@backstage-gitops/plugin-gitops-common';
import { TestDatabases } from '@backstage/backend-test-utils';
import { preferredDatabase } from '../../resilience/__testUtils__/databases';
import { serviceAccountIdentity } from '../cluster/identity';
import {
  createEngine,
  namespacedAppSpec,
  RUN_ID,
  TestEngine,
  uniqueName,
  useClusterCleanup,
  useLocalInfrastructure,
} from './harness';

jest.setTimeout(120_000);

/**
 * The two tenancy rules the engine enforces by itself: Kubernetes RBAC decides what an
 * application's identity may do (the engine impersonates it), and no application writes or
 * deletes an object that carries another application's id or, without opting in, no id at all.
 */

const RBAC = 'rbac.authorization.k8s.io/v1';
const EVERY_VERB = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
];

const configMap = (name: string, data: Record<string, string>, extra = '') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}data: ${JSON.stringify(
    data,
  )}\n`;
const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "${image}" }]
`;
const service = `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80 }]
`;

describe('tenancy: RBAC impersonation and no silent takeover', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const cleanup = useClusterCleanup(infra);
  const databaseId = () => preferredDatabase(databases);

  const kube = () => infra.kube.cluster;
  const createNamespace = async (base: string) => {
    const ns = cleanup.namespace(uniqueName(base, databaseId()));
    await kube().create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
    return ns;
  };

  /** Polls until `done` holds; fails loudly, naming what never happened. */
  async function eventually(
    done: () => boolean | Promise<boolean>,
    what: string,
    { timeoutMs = 20_000, everyMs = 50 } = {},
  ) {
    for (const deadline = Date.now() + timeoutMs; !(await done()); ) {
      if (Date.now() > deadline) throw new Error(`${what} never happened`);
      await new Promise(r => setTimeout(r, everyMs));
    }
  }

  /** Waits until the API server's RBAC grants what was just bound (its caches follow the objects). */
  const waitUntilAllowed = (
    identity: Impersonation,
    attributes: Record<string, string>,
  ) =>
    eventually(
      async () =>
        Boolean(
          (
            await kube().create({
              apiVersion: 'authorization.k8s.io/v1',
              kind: 'SubjectAccessReview',
              metadata: {},
              spec: {
                user: identity.user,
                groups: identity.groups,
                resourceAttributes: attributes,
              },
            })
          ).status?.allowed,
        ),
      `RBAC allowing ${identity.user} ${JSON.stringify(attributes)}`,
    );

  /**
   * A team's namespace as a platform team sets it up: a ServiceAccount `deployer` that may manage
   * Deployments, Services and ConfigMaps there, and nothing anywhere else.
   */
  async function tenantNamespace(base: string) {
    const ns = await createNamespace(base);
    await kube().create({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'deployer', namespace: ns },
    });
    await kube().create({
      apiVersion: RBAC,
      kind: 'Role',
      metadata: { name: 'deployer', namespace: ns },
      rules: [
        { apiGroups: ['apps'], resources: ['deployments'], verbs: EVERY_VERB },
        {
          apiGroups: [''],
          resources: ['services', 'configmaps'],
          verbs: EVERY_VERB,
        },
      ],
    });
    await kube().create({
      apiVersion: RBAC,
      kind: 'RoleBinding',
      metadata: { name: 'deployer', namespace: ns },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: 'deployer',
      },
      subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: ns }],
    });
    const identity = serviceAccountIdentity(ns, 'deployer');
    await waitUntilAllowed(identity, {
      namespace: ns,
      verb: 'patch',
      group: 'apps',
      resource: 'deployments',
    });
    return { ns, identity };
  }

  /** A project that acts in the cluster as `<ns>/deployer` (the identity comes from projects only). */
  const identityProject = (ns: string) => ({
    name: `as-${ns}`,
    sourceRepos: ['**'],
    destinations: [{ cluster: '*', namespace: '*' }],
    clusterResources: { allow: [{ group: '*', kind: '*' }] },
    impersonate: { serviceAccount: `${ns}/deployer` },
  });

  const specFor = (
    repo: string,
    ns: string,
    team: string,
    overrides: Partial<ApplicationSpec> = {},
  ): ApplicationSpec =>
    namespacedAppSpec(
      infra.git,
      ns,
      {
        id: `component:default/${team}#dev`,
        entityRef: `component:default/${team}`,
        ...overrides,
      },
      repo,
    );

  /**
   * Two teams' applications in one namespace: A's repository deploys Deployment `web` (synced
   * here), B's repository holds `filesB` (not synced yet).
   */
  async function twoTeams(base: string, filesB: Record<string, string>) {
    const ns = await createNamespace(base);
    const repoA = `tenancy-a-${ns}`;
    const repoB = `tenancy-b-${ns}`;
    await infra.git.seedRepo(repoA, {
      'app/web.yaml': deployment('nginx:1.27'),
    });
    await infra.git.seedRepo(repoB, filesB);
    const a = specFor(repoA, ns, `${base}-a-${RUN_ID}`);
    const b = specFor(repoB, ns, `${base}-b-${RUN_ID}`);
    const engine = await createEngine(databases, databaseId(), infra);
    await engine.reconcile(a);
    return { ns, a, b, engine, repoB };
  }

  const stateOf = async (engine: TestEngine, id: string) =>
    (await engine.store.getApplication(id))!;
  const latestSync = async (engine: TestEngine, id: string) => {
    const [row] = (
      await engine.store.listHistory(
        { applicationId: id },
        { offset: 0, limit: 1 },
      )
    ).items;
    return (await engine.store.getSync(row.id))!;
  };
  /** Object requests (not discovery) of the last reconcile, and the writes among them. */
  const objectRequests = () =>
    infra.kube.requestLog.filter(e => e.resource !== '');
  const writes = () => infra.kube.writes();

  it('runs every request of an application as its identity: what RBAC forbids fails the sync before the first write', async () => {
    const { ns, identity } = await tenantNamespace('rbac-a');
    const other = await createNamespace('rbac-b');
    const grant = cleanup.clusterScoped(
      RBAC,
      'ClusterRoleBinding',
      `grant-${RUN_ID}`,
    );
    // the tenant may read ClusterRoleBindings, through its group: reading is not writing
    const reader = `crb-reader-${RUN_ID}`;
    cleanup.clusterScoped(RBAC, 'ClusterRole', reader);
    cleanup.clusterScoped(RBAC, 'ClusterRoleBinding', reader);
    await kube().create({
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: { name: reader },
      rules: [
        {
          apiGroups: ['rbac.authorization.k8s.io'],
          resources: ['clusterrolebindings'],
          verbs: ['get', 'list'],
        },
      ],
    });
    await kube().create({
      apiVersion: RBAC,
      kind: 'ClusterRoleBinding',
      metadata: { name: reader },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: reader,
      },
      subjects: [
        {
          kind: 'Group',
          apiGroup: 'rbac.authorization.k8s.io',
          name: `system:serviceaccounts:${ns}`,
        },
      ],
    });
    await waitUntilAllowed(identity, {
      verb: 'get',
      group: 'rbac.authorization.k8s.io',
      resource: 'clusterrolebindings',
    });

    const repo = `tenancy-rbac-${ns}`;
    await infra.git.seedRepo(repo, {
      // wave 0 is allowed, wave 1 grants cluster-admin: nothing of either may be written
      'app/settings.yaml': configMap('settings', { mode: 'fast' }),
      'app/grant.yaml': `apiVersion: ${RBAC}
kind: ClusterRoleBinding
metadata:
  name: ${grant}
  annotations: { gitops.backstage.io/sync-wave: "1" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: default, namespace: ${ns} }]
`,
    });
    const spec = specFor(repo, ns, `rbac-${RUN_ID}`, {
      destination: {
        cluster: 'local',
        namespace: ns,
        allowedNamespaces: [ns, other],
        allowClusterScoped: true,
      },
      project: identityProject(ns).name,
      impersonate: identity,
    });
    const engine = await createEngine(databases, databaseId(), infra, {
      projects: [identityProject(ns)],
    });
    infra.kube.clearRequestLog();
    await engine.reconcile(spec);

    const refused = await stateOf(engine, spec.id);
    expect(refused.state.syncStatus).toBe('Failed');
    // the place first (which cluster refused), then the object, its file and the identity
    expect(refused.state.error).toMatch(
      /^Cluster 'local' \(https:\/\/[^)]+\) denied access \(HTTP 403\)\. /,
    );
    expect(refused.state.error).toContain(
      `ClusterRoleBinding ${grant} (app/grant.yaml): serviceaccount ${ns}/deployer may not patch clusterrolebindings.rbac.authorization.k8s.io "${grant}" at the cluster scope (forbidden by the cluster's RBAC)`,
    );
    expect(writes()).toEqual([]);
    expect(
      await kube().get(RBAC, 'ClusterRoleBinding', undefined, grant),
    ).toBeUndefined();
    expect(await kube().get('v1', 'ConfigMap', ns, 'settings')).toBeUndefined();
    // every object request went as the tenant; discovery is the engine's own
    expect(objectRequests().length).toBeGreaterThan(0);
    expect(
      objectRequests().filter(e => e.impersonatedUser !== identity.user),
    ).toEqual([]);
    const failed = await latestSync(engine, spec.id);
    expect(failed.resources?.map(r => [r.kind, r.action]).sort()).toEqual([
      ['ClusterRoleBinding', 'failed'],
      ['ConfigMap', 'skipped'],
    ]);
    // a refusal waits for a change (the interval), not for the retry backoff
    expect(refused.nextReconcileAt.getTime() - Date.now()).toBeGreaterThan(
      (spec.intervalSeconds - 30) * 1000,
    );

    // another team's namespace: the tenant may not even read there
    await infra.git.commit(repo, {
      write: {
        'app/grant.yaml': configMap(
          'intruder',
          { from: ns },
          `  namespace: ${other}\n`,
        ),
      },
    });
    infra.kube.clearRequestLog();
    await engine.tick(spec.id);
    const outside = await stateOf(engine, spec.id);
    expect(outside.state.error).toMatch(
      /^Cluster 'local' \(https:\/\/[^)]+\) denied access \(HTTP 403\): /,
    );
    expect(outside.state.error).toContain(
      `serviceaccount ${ns}/deployer may not get configmaps "intruder" in namespace ${other} (forbidden by the cluster's RBAC)`,
    );
    expect(writes()).toEqual([]);
    expect(
      await kube().get('v1', 'ConfigMap', other, 'intruder'),
    ).toBeUndefined();
    expect(await kube().get('v1', 'ConfigMap', ns, 'settings')).toBeUndefined();

    // only what the Role allows: Synced, every object carrying the application's id
    await infra.git.commit(repo, {
      write: {
        'app/web.yaml': deployment('nginx:1.27'),
        'app/service.yaml': service,
      },
      remove: ['app/grant.yaml'],
    });
    await engine.tick(spec.id);
    const synced = await stateOf(engine, spec.id);
    expect([synced.state.syncStatus, synced.state.error]).toEqual([
      'Synced',
      undefined,
    ]);
    for (const [apiVersion, kind, name] of [
      ['v1', 'ConfigMap', 'settings'],
      ['apps/v1', 'Deployment', 'web'],
      ['v1', 'Service', 'web'],
    ])
      expect(
        (await kube().get(apiVersion, kind, ns, name))?.metadata.annotations?.[
          OWNERSHIP.appAnnotation
        ],
      ).toBe(spec.id);
    engine.cleanup();
  });

  it('refuses, with lock-down on, to sync an application that names no identity', async () => {
    const { ns, identity } = await tenantNamespace('lockdown');
    const repo = `tenancy-lockdown-${ns}`;
    await infra.git.seedRepo(repo, {
      'app/settings.yaml': configMap('settings', { mode: 'fast' }),
    });
    const engine = await createEngine(databases, databaseId(), infra, {
      config: { gitops: { security: { requireImpersonation: true } } },
      projects: [identityProject(ns)],
    });
    const spec = specFor(repo, ns, `lockdown-${RUN_ID}`);
    infra.kube.clearRequestLog();
    await engine.reconcile(spec);

    const refused = await stateOf(engine, spec.id);
    expect(refused.state.syncStatus).toBe('Failed');
    expect(refused.state.error).toBe(
      `Refused: gitops.security.requireImpersonation is on and application ${spec.id} names no identity to impersonate in cluster 'local'; nothing was read or written in the cluster`,
    );
    expect(objectRequests()).toEqual([]);
    expect(await latestSync(engine, spec.id)).toMatchObject({
      result: 'Failed',
      error: refused.state.error,
    });

    await engine.reconcile({
      ...spec,
      project: identityProject(ns).name,
      impersonate: identity,
    });
    expect((await stateOf(engine, spec.id)).state.syncStatus).toBe('Synced');
    expect(
      objectRequests().filter(e => e.impersonatedUser !== identity.user),
    ).toEqual([]);
    engine.cleanup();
  });

  it("never overwrites another application's object: a conflict naming the owner, and no flip-flop", async () => {
    const { ns, a, b, engine } = await twoTeams('overwrite', {
      'app/web.yaml': deployment('nginx:1.28'),
      'app/own.yaml': configMap('b-settings', { team: 'b' }),
    });
    expect((await stateOf(engine, a.id)).state.syncStatus).toBe('Synced');

    const conflict = `Deployment ${ns}/web (app/web.yaml): owned by application ${a.id} (an application never takes over another application's objects)`;
    const image = async () =>
      (await kube().get('apps/v1', 'Deployment', ns, 'web'))?.spec.template.spec
        .containers[0].image;
    infra.kube.clearRequestLog();
    await engine.reconcile(b);
    for (let round = 0; round < 3; round++) {
      await engine.tick(a.id);
      await engine.tick(b.id);
      const [stateA, stateB] = [
        await stateOf(engine, a.id),
        await stateOf(engine, b.id),
      ];
      expect([round, stateA.state.syncStatus, await image()]).toEqual([
        round,
        'Synced',
        'nginx:1.27',
      ]);
      expect([stateB.state.syncStatus, stateB.state.error]).toEqual([
        'Failed',
        conflict,
      ]);
    }
    // B wrote nothing at all: its own ConfigMap waits with the rest of the sync
    expect(writes()).toEqual([]);
    expect(
      await kube().get('v1', 'ConfigMap', ns, 'b-settings'),
    ).toBeUndefined();
    const sync = await latestSync(engine, b.id);
    expect(sync.resources?.find(r => r.kind === 'Deployment')).toMatchObject({
      action: 'failed',
      message: conflict,
    });
    // A synced once, at the start: no history row from a correction of B's writes
    expect(
      (
        await engine.store.listHistory(
          { applicationId: a.id },
          { offset: 0, limit: 10 },
        )
      ).items,
    ).toHaveLength(1);

    // without automated sync, B's status says OutOfSync and why
    await engine.reconcile({ ...b, policy: { ...b.policy, automated: false } });
    const reported = await stateOf(engine, b.id);
    expect(reported.state.syncStatus).toBe('OutOfSync');
    expect(reported.state.message).toBe(
      `1 resource may not be written by this application, 1 resource differs from Git (self-heal is off: drift is reported, not corrected). Deployment ${ns}/web: owned by application ${a.id} (an application never takes over another application's objects)`,
    );
    engine.cleanup();
  });

  it("never prunes an object that now carries another application's id, however late it changed hands", async () => {
    const { ns, a, b, engine, repoB } = await twoTeams('prune', {
      'app/own.yaml': configMap('b-settings', { round: '1' }),
      'app/shared.yaml': configMap('shared', { team: 'b' }),
    });

    // B's inventory lists A's Deployment (as the takeover of an older version would have left it)
    await engine.store.replaceApplications(
      { origin: 'catalog', entityRef: b.entityRef! },
      [{ spec: b }],
    );
    await engine.store.replaceInventory(b.id, [
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' },
    ]);
    await engine.worker.drain();
    const first = await latestSync(engine, b.id);
    expect(first.result).toBe('Succeeded');
    expect(first.resources?.find(r => r.name === 'web')).toMatchObject({
      action: 'skipped',
      message: `not pruned: the live object is now owned by application ${a.id}`,
    });
    const web = await kube().get('apps/v1', 'Deployment', ns, 'web');
    expect(web?.metadata.annotations?.[OWNERSHIP.appAnnotation]).toBe(a.id);
    expect(
      (await engine.store.getInventory(b.id)).map(i => i.name).sort(),
    ).toEqual(['b-settings', 'shared']);

    // B drops `shared` from Git; while B's sync runs, `shared` changes hands: B's prune reads it
    // again just before deleting, and leaves it
    await infra.git.commit(repoB, {
      write: { 'app/own.yaml': configMap('b-settings', { round: '2' }) },
      remove: ['app/shared.yaml'],
    });
    infra.kube.clearRequestLog();
    infra.kube.faults.add({
      verb: 'apply',
      pathPattern: /\/configmaps\/b-settings$/,
      kind: 'latency',
      latencyMs: 1_500,
      times: 1,
    });
    const syncing = engine.tick(b.id);
    await eventually(
      () =>
        infra.kube.requestLog.some(
          e => e.verb === 'apply' && e.name === 'b-settings',
        ),
      "B's apply of b-settings",
      { everyMs: 20 },
    );
    // B's read of `shared` is done by now (the comparison precedes every apply)
    expect(
      infra.kube.requestLog.some(
        e =>
          e.resource === 'configmaps' &&
          e.verb !== 'apply' &&
          e.verb !== 'delete',
      ),
    ).toBe(true);
    await kube().mergePatch('v1', 'ConfigMap', ns, 'shared', {
      metadata: { annotations: { [OWNERSHIP.appAnnotation]: a.id } },
    });
    await syncing;

    const second = await latestSync(engine, b.id);
    expect(second.result).toBe('Succeeded');
    expect(second.resources?.find(r => r.name === 'shared')).toMatchObject({
      action: 'skipped',
      message: `not pruned: the live object is now owned by application ${a.id}`,
    });
    expect(infra.kube.requestLog.filter(e => e.verb === 'delete')).toEqual([]);
    expect((await kube().get('v1', 'ConfigMap', ns, 'shared'))?.data).toEqual({
      team: 'b',
    });
    expect(
      (await kube().get('v1', 'ConfigMap', ns, 'b-settings'))?.data,
    ).toEqual({
      round: '2',
    });
    engine.cleanup();
  });

  it('adopts an object no application owns only with adoptExisting (the cluster-made default ServiceAccount needs no opt-in)', async () => {
    const ns = await createNamespace('adopt');
    await eventually(
      async () =>
        (await kube().get('v1', 'ServiceAccount', ns, 'default')) !== undefined,
      'the default ServiceAccount of the namespace',
    );
    await kube().create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'legacy', namespace: ns },
      data: { owner: 'someone' },
    });
    const repo = `tenancy-adopt-${ns}`;
    await infra.git.seedRepo(repo, {
      'app/legacy.yaml': configMap('legacy', { owner: 'git' }),
      'app/sa.yaml': `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: default }\nautomountServiceAccountToken: false\n`,
    });
    const spec = specFor(repo, ns, `adopt-${RUN_ID}`);
    const engine = await createEngine(databases, databaseId(), infra);
    infra.kube.clearRequestLog();
    await engine.reconcile(spec);

    const refused = await stateOf(engine, spec.id);
    expect([refused.state.syncStatus, refused.state.error]).toEqual([
      'Failed',
      `ConfigMap ${ns}/legacy (app/legacy.yaml): exists and is not managed by any application; set adoptExisting to take it over`,
    ]);
    expect(writes()).toEqual([]);
    expect((await kube().get('v1', 'ConfigMap', ns, 'legacy'))?.data).toEqual({
      owner: 'someone',
    });

    await engine.reconcile({ ...spec, adoptExisting: true });
    const adopted = await stateOf(engine, spec.id);
    expect([adopted.state.syncStatus, adopted.state.error]).toEqual([
      'Synced',
      undefined,
    ]);
    const legacy = await kube().get('v1', 'ConfigMap', ns, 'legacy');
    expect([
      legacy?.data,
      legacy?.metadata.annotations?.[OWNERSHIP.appAnnotation],
    ]).toEqual([{ owner: 'git' }, spec.id]);
    const account = await kube().get('v1', 'ServiceAccount', ns, 'default');
    expect([
      account?.automountServiceAccountToken,
      account?.metadata.annotations?.[OWNERSHIP.appAnnotation],
    ]).toEqual([false, spec.id]);
    engine.cleanup();
  });
});
