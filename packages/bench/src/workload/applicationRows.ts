import { Knex } from 'knex';

/** Twenty resources with conditions: what an application's last-known status holds. */
function resourcesJson(): string {
  const kinds: Array<[string, string, string]> = [
    ['', 'v1', 'ConfigMap'],
    ['', 'v1', 'Secret'],
    ['', 'v1', 'Service'],
    ['apps', 'v1', 'Deployment'],
    ['', 'v1', 'ServiceAccount'],
  ];
  const resources = Array.from({ length: 20 }, (_, i) => {
    const [group, version, kind] = kinds[i % kinds.length];
    return {
      group,
      version,
      kind,
      namespace: 'ns',
      name: `component-${i}`,
      syncStatus: 'Synced',
      health: 'Healthy',
      ...(kind === 'Deployment'
        ? {
            conditions: [
              {
                type: 'Available',
                status: 'True',
                reason: 'MinimumReplicasAvailable',
                message: 'Deployment has minimum availability.',
              },
            ],
          }
        : {}),
    };
  });
  return JSON.stringify(resources);
}

/**
 * Inserts `count` applications in one statement: 1,250 entities with four environments each,
 * complete specs (the API parses them), mixed statuses, and a realistic last-known status.
 * App i is `component:default/svc-<i mod 1250>#env-<i div 1250>`.
 */
export async function insertApplicationRows(
  knex: Knex,
  count: number,
): Promise<void> {
  await knex.raw(
    `INSERT INTO gitops_applications (id, spec, spec_hash, origin, entity_ref, owner, environment, repo_key, ref, cluster, namespace,
                                      next_reconcile_at, sync_status, health, message, revision, commit, resources,
                                      synced_revision, last_sync_at, last_sync_duration_ms, last_sync_result, last_reconciled_at, updated_at)
     SELECT id, json_build_object(
              'id', id, 'environment', env, 'origin', 'catalog', 'entityRef', entity,
              'source', json_build_object('repoUrl', 'https://git.example.com/team/' || svc || '-config.git', 'ref', 'main', 'path', 'overlays/' || env),
              'destination', json_build_object('cluster', 'cluster-' || (g % 5), 'namespace', svc || '-' || env, 'allowedNamespaces', json_build_array(svc || '-' || env), 'allowClusterScoped', false),
              'policy', json_build_object('automated', true, 'selfHeal', true, 'prune', true, 'suspended', false, 'retry', json_build_object('limit', 5, 'initialBackoffSeconds', 5, 'maxBackoffSeconds', 300)),
              'intervalSeconds', 180, 'ignoreDifferences', json_build_array(), 'project', 'team-' || (g % 40))::text,
            md5(id), 'catalog', entity, 'group:default/team-' || (g % 40), env, 'git.example.com/team/' || svc || '-config', 'main',
            'cluster-' || (g % 5), svc || '-' || env, now() + (g % 180) * interval '1 second',
            (ARRAY['Synced','Synced','Synced','Synced','Synced','Synced','OutOfSync','Failed','Unknown','Synced'])[1 + g % 10],
            (ARRAY['Healthy','Healthy','Healthy','Healthy','Healthy','Progressing','Degraded','Missing','Healthy','Healthy'])[1 + (g * 7) % 10],
            'In sync with ' || substr(rev, 1, 7), rev,
            json_build_object('sha', rev, 'message', 'Bump image of ' || svc, 'author', 'Dev <dev@example.com>', 'time', now())::text,
            ?, rev, now() - (g % 600) * interval '1 minute', 1200 + g % 900, 'Succeeded', now() - (g % 180) * interval '1 second', now()
     FROM (SELECT g, 'svc-' || lpad((g % 1250)::text, 4, '0') AS svc, 'env-' || (g / 1250) AS env,
                  'component:default/svc-' || lpad((g % 1250)::text, 4, '0') AS entity,
                  'component:default/svc-' || lpad((g % 1250)::text, 4, '0') || '#env-' || (g / 1250) AS id,
                  md5(g::text) || substr(md5((g + 1)::text), 1, 8) AS rev
           FROM generate_series(0, ?::int - 1) AS g) AS s`,
    [resourcesJson(), count],
  );
}
