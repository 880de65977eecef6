import { startLocalKubeApiServer, LocalKubeApiServer } from './server';
import { hasKubectl, KUBECTL, kubectlFor } from './testing/kubectl';
import { crdYaml, deploymentYaml } from './testing/manifests';

if (!hasKubectl) {
  // eslint-disable-next-line no-console
  console.warn(`kubectl tests skipped: ${KUBECTL} is not installed`);
}

(hasKubectl ? describe : describe.skip)(
  'the real kubectl against the local API server',
  () => {
    let server: LocalKubeApiServer;
    let kubectl: ReturnType<typeof kubectlFor>;
    beforeAll(async () => {
      server = await startLocalKubeApiServer({ workloadDelayMs: 100 });
      kubectl = kubectlFor(server);
    });
    afterAll(async () => {
      kubectl.cleanup();
      await server.stop();
    });

    it('gets resources as tables and as JSON', async () => {
      const table = await kubectl.run(['get', 'namespaces']);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/^NAME\s+STATUS\s+AGE/);
      expect(table.stdout).toMatch(/kube-system\s+Active/);
      const json = await kubectl.run([
        'get',
        'configmaps',
        '-n',
        'kube-system',
        '-o',
        'json',
      ]);
      expect(
        JSON.parse(json.stdout).items.map((i: any) => i.metadata.name),
      ).toEqual(['kube-root-ca.crt']);
      const resources = await kubectl.run([
        'api-resources',
        '--api-group=apps',
        '-o',
        'name',
      ]);
      expect(resources.stdout.split('\n')).toEqual(
        expect.arrayContaining(['deployments.apps', 'statefulsets.apps']),
      );
    });

    it('creates objects with the imperative generators, which send protobuf bodies', async () => {
      expect(
        (
          await kubectl.run(['create', 'namespace', 'imperative'])
        ).stdout.trim(),
      ).toBe('namespace/imperative created');
      const cm = await kubectl.run([
        '-n',
        'imperative',
        'create',
        'configmap',
        'settings',
        '--from-literal=mode=fast',
      ]);
      expect(cm.stdout.trim()).toBe('configmap/settings created');
      await kubectl.run([
        '-n',
        'imperative',
        'create',
        'secret',
        'generic',
        'creds',
        '--from-literal=password=hunter2',
      ]);
      expect(
        server.cluster.get('v1', 'ConfigMap', 'imperative', 'settings')!.data,
      ).toEqual({ mode: 'fast' });
      const secret = server.cluster.get('v1', 'Secret', 'imperative', 'creds')!;
      expect(secret.type).toBe('Opaque');
      expect(Buffer.from(secret.data.password, 'base64').toString()).toBe(
        'hunter2',
      );
      expect(secret.metadata.generateName).toBeUndefined();
    });

    it('applies client-side, then re-applies without writing', async () => {
      const first = await kubectl.withManifest(
        ['apply'],
        deploymentYaml('csa', 2),
      );
      expect(first.stdout.trim()).toBe('deployment.apps/csa created');
      const writes = server.writes().length;
      const second = await kubectl.withManifest(
        ['apply'],
        deploymentYaml('csa', 2),
      );
      expect(second.stdout.trim()).toBe('deployment.apps/csa unchanged');
      expect(server.writes()).toHaveLength(writes);
      const third = await kubectl.withManifest(
        ['apply'],
        deploymentYaml('csa', 3),
      );
      expect(third.stdout.trim()).toBe('deployment.apps/csa configured');
      expect(
        server.cluster.get('apps/v1', 'Deployment', 'default', 'csa')!.spec
          .replicas,
      ).toBe(3);
    });

    it('applies server-side: a conflict without --force-conflicts, then takes the field with it', async () => {
      await kubectl.withManifest(
        ['apply', '--server-side', '--field-manager=team-a'],
        deploymentYaml('ssa', 2),
      );
      const conflict = await kubectl.withManifest(
        ['apply', '--server-side', '--field-manager=team-b'],
        deploymentYaml('ssa', 5),
      );
      expect(conflict.code).not.toBe(0);
      expect(conflict.stderr).toContain(
        'Apply failed with 1 conflict: conflict with "team-a": .spec.replicas',
      );
      expect(
        server.cluster.get('apps/v1', 'Deployment', 'default', 'ssa')!.spec
          .replicas,
      ).toBe(2);
      const forced = await kubectl.withManifest(
        [
          'apply',
          '--server-side',
          '--field-manager=team-b',
          '--force-conflicts',
        ],
        deploymentYaml('ssa', 5),
      );
      expect(forced.stdout.trim()).toBe(
        'deployment.apps/ssa serverside-applied',
      );
      const live = server.cluster.get(
        'apps/v1',
        'Deployment',
        'default',
        'ssa',
      )!;
      expect(live.spec.replicas).toBe(5);
      const owners = live.metadata.managedFields
        .filter((m: any) => m.fieldsV1?.['f:spec']?.['f:replicas'])
        .map((m: any) => m.manager);
      expect(owners).toEqual(['team-b']);
    });

    it('diffs server-side with a dry-run apply that changes nothing', async () => {
      await kubectl.withManifest(
        ['apply', '--server-side'],
        deploymentYaml('diffed', 1),
      );
      server.cluster.settle();
      const before = server.cluster.get(
        'apps/v1',
        'Deployment',
        'default',
        'diffed',
      )!;
      const writes = server.writes().length;
      const diff = await kubectl.withManifest(
        ['diff', '--server-side'],
        deploymentYaml('diffed', 4),
      );
      expect(diff.code).toBe(1);
      expect(diff.stdout).toMatch(/-\s+replicas: 1\n\+\s+replicas: 4/);
      expect(
        server.requestLog.some(
          e => e.verb === 'apply' && e.dryRun && e.name === 'diffed',
        ),
      ).toBe(true);
      expect(server.writes()).toHaveLength(writes);
      expect(
        server.cluster.get('apps/v1', 'Deployment', 'default', 'diffed')!
          .metadata.resourceVersion,
      ).toBe(before.metadata.resourceVersion);
      const same = await kubectl.withManifest(
        ['diff', '--server-side'],
        deploymentYaml('diffed', 1),
      );
      expect(same.code).toBe(0);
    });

    it('scales through the scale subresource and waits for the rollout', async () => {
      await kubectl.withManifest(['apply'], deploymentYaml('scaled', 1));
      const scale = await kubectl.run([
        'scale',
        'deployment/scaled',
        '--replicas=3',
      ]);
      expect(scale.stdout.trim()).toBe('deployment.apps/scaled scaled');
      expect(
        server.requestLog.some(
          e =>
            e.subresource === 'scale' &&
            e.name === 'scaled' &&
            e.status === 200,
        ),
      ).toBe(true);
      const rollout = await kubectl.run([
        'rollout',
        'status',
        'deployment/scaled',
        '--timeout=20s',
      ]);
      expect(rollout.code).toBe(0);
      expect(rollout.stdout).toContain(
        'deployment "scaled" successfully rolled out',
      );
      const wait = await kubectl.run([
        'wait',
        '--for=condition=Available',
        'deployment/scaled',
        '--timeout=20s',
      ]);
      expect(wait.stdout.trim()).toBe('deployment.apps/scaled condition met');
      expect(
        server.cluster.get('apps/v1', 'Deployment', 'default', 'scaled')!.status
          .availableReplicas,
      ).toBe(3);
    });

    it('reports a rollout that exceeds its progress deadline', async () => {
      server.cluster.failImage('example.invalid/never:1');
      await kubectl.withManifest(
        ['apply'],
        deploymentYaml('stuck', 2, 'example.invalid/never:1'),
      );
      const rollout = await kubectl.run([
        'rollout',
        'status',
        'deployment/stuck',
        '--timeout=20s',
      ]);
      expect(rollout.code).not.toBe(0);
      expect(rollout.stderr).toContain('exceeded its progress deadline');
    });

    it('deletes and waits for the object to be gone', async () => {
      await kubectl.withManifest(['apply'], deploymentYaml('doomed', 1));
      const del = await kubectl.run([
        'delete',
        'deployment',
        'doomed',
        '--wait=true',
        '--timeout=20s',
      ]);
      expect(del.stdout.trim()).toBe('deployment.apps "doomed" deleted');
      expect(
        server.cluster.get('apps/v1', 'Deployment', 'default', 'doomed'),
      ).toBeUndefined();
    });

    it('uses a CRD kind right after creating it', async () => {
      expect((await kubectl.withManifest(['apply'], crdYaml)).code).toBe(0);
      const established = await kubectl.run([
        'wait',
        '--for=condition=Established',
        'crd/gadgets.example.com',
        '--timeout=20s',
      ]);
      expect(established.code).toBe(0);
      const cr = await kubectl.withManifest(
        ['apply', '--server-side'],
        'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g1, namespace: default}\nspec: {size: 3}\n',
      );
      expect(cr.stdout.trim()).toBe('gadget.example.com/g1 serverside-applied');
      const csa = await kubectl.withManifest(
        ['apply'],
        'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g2, namespace: default}\nspec: {size: 1}\n',
      );
      expect(csa.stdout.trim()).toBe('gadget.example.com/g2 created');
      const got = await kubectl.run(['get', 'gd', '-o', 'json']);
      expect(JSON.parse(got.stdout).items.map((i: any) => i.spec.size)).toEqual(
        [3, 1],
      );
    });
  },
);
