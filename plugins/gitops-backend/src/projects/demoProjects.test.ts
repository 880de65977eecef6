import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import {
  applicationsFromDescriptor,
  parseDescriptor,
} from '@backstage-gitops/plugin-gitops-node';
import { Projects } from '.';

const ROOT = path.resolve(__dirname, '../../../..');
const DEMO = path.join(ROOT, 'packages/local-infra/demo');
const REPO_PREFIX = 'http://127.0.0.1:7008/demo/';

/**
 * The development portal's projects (app-config.yaml) against its demo catalog and config
 * repositories, as onboarding sees them: the demo services are admitted, the analytics entity is
 * refused with the message its GitOps tab shows, and a service the template creates is admitted.
 */
describe('the development portal ships two projects and one refused demo entity', () => {
  const appConfig = parse(
    fs.readFileSync(path.join(ROOT, 'app-config.yaml'), 'utf8'),
  );
  const projects = Projects.fromConfig(
    new ConfigReader({ gitops: { projects: appConfig.gitops.projects } }),
  );
  const entities = parseAllDocuments(
    fs.readFileSync(path.join(DEMO, 'entities.yaml'), 'utf8'),
  ).map(d => d.toJS() as Entity);

  /** What onboarding makes of an entity whose repository holds `descriptorText`. */
  function onboard(entity: Entity, descriptorText: string) {
    const repoUrl =
      entity.metadata.annotations!['gitops.backstage.io/config-repo'];
    const project = projects.forEntity(entity);
    try {
      projects.checkRepository(project, repoUrl, 'the entity names');
      const specs = projects.admitAll(
        project,
        applicationsFromDescriptor(parseDescriptor(descriptorText), {
          entityRef: `component:default/${entity.metadata.name}`,
          repoUrl,
          ref: 'main',
          basePath: '.',
        }),
      );
      return { project: project.name, ids: specs.map(s => s.id) };
    } catch (error) {
      return { project: project.name, refused: (error as Error).message };
    }
  }

  it('names the projects shop and data', () => {
    expect(projects.configured.map(p => p.name)).toEqual(['shop', 'data']);
  });

  it('admits the demo services and refuses analytics, naming the namespace and the project', () => {
    const outcomes = Object.fromEntries(
      entities
        .filter(
          e => e.metadata.annotations?.['gitops.backstage.io/config-repo'],
        )
        .map(entity => {
          const repo = entity.metadata
            .annotations!['gitops.backstage.io/config-repo'].slice(
              REPO_PREFIX.length,
            )
            .replace(/\.git$/, '');
          const text = fs.readFileSync(
            path.join(DEMO, 'repos', repo, 'gitops.yaml'),
            'utf8',
          );
          return [entity.metadata.name, onboard(entity, text)];
        }),
    );
    expect(outcomes).toEqual({
      'shop-frontend': {
        project: 'shop',
        ids: [
          'component:default/shop-frontend#dev',
          'component:default/shop-frontend#prod',
        ],
      },
      payments: { project: 'shop', ids: ['component:default/payments#dev'] },
      analytics: {
        project: 'data',
        refused:
          "environment 'prod' asks for namespace 'kube-system', which project 'data' does not allow (allowed: data-*)",
      },
    });
  });

  it("admits what the demo template creates for Team Shop, and not into Team Data's namespaces", () => {
    const service = (name: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        annotations: {
          'gitops.backstage.io/config-repo': `${REPO_PREFIX}${name}-config.git`,
        },
      },
      spec: { owner: 'group:default/team-shop' },
    });
    const environments = (namespace: string) =>
      `apiVersion: gitops.backstage.io/v1alpha1\nkind: Environments\nenvironments:\n  - { name: dev, path: overlays/dev, cluster: local, namespace: ${namespace} }\n`;
    expect(onboard(service('svc-x'), environments('svc-x-dev'))).toEqual({
      project: 'shop',
      ids: ['component:default/svc-x#dev'],
    });
    expect(onboard(service('data-x'), environments('data-x-dev'))).toEqual({
      project: 'shop',
      refused: `the entity names repository '${REPO_PREFIX}data-x-config.git', which project 'shop' does not allow (allowed: ${REPO_PREFIX}*, !${REPO_PREFIX}data-*)`,
    });
    expect(onboard(service('svc-y'), environments('data-y'))).toEqual({
      project: 'shop',
      refused:
        "environment 'dev' asks for namespace 'data-y', which project 'shop' does not allow (allowed: *, !kube-*, !default, !data-*)",
    });
  });
});
