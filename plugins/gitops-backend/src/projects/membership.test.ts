import { JsonObject } from '@backstage/types';
import { ConfigReader } from '@backstage/config';
import { MemberEntity, projectForEntity } from './membership';
import { readProjects } from './readProjects';

const base = {
  sourceRepos: ['**'],
  destinations: [{ cluster: '*', namespace: '*' }],
};
const configured = readProjects(
  new ConfigReader({
    gitops: {
      projects: [
        { ...base, name: 'shop', members: { groups: ['team-shop'] } },
        { ...base, name: 'payments', members: { systems: ['payments'] } },
        { ...base, name: 'retail', members: { namespaces: ['retail'] } },
        // also claims team-shop: the first project in config order wins
        {
          ...base,
          name: 'late',
          members: { groups: ['team-shop', 'team-late'] },
        },
      ],
    },
  }),
);

const entity = (spec: JsonObject, namespace?: string): MemberEntity => ({
  metadata: { name: 'x', ...(namespace ? { namespace } : {}) },
  spec,
});

describe('projectForEntity', () => {
  it.each<[string, MemberEntity, string]>([
    ['an owner group, short ref', entity({ owner: 'team-shop' }), 'shop'],
    [
      'an owner group, full ref',
      entity({ owner: 'group:default/team-shop' }),
      'shop',
    ],
    ['an owner group, other case', entity({ owner: 'Team-Shop' }), 'shop'],
    [
      'the first match in config order',
      entity({ owner: 'team-shop', system: 'payments' }),
      'shop',
    ],
    ['only the later project', entity({ owner: 'team-late' }), 'late'],
    ['a system', entity({ owner: 'someone', system: 'payments' }), 'payments'],
    ['a catalog namespace', entity({ owner: 'someone' }, 'retail'), 'retail'],
    // short refs resolve in the entity's own namespace: team-shop there is another group
    [
      'a short owner ref in another namespace',
      entity({ owner: 'team-shop' }, 'other'),
      'default',
    ],
    ['a user owner', entity({ owner: 'user:default/team-shop' }), 'default'],
    ['nothing that matches', entity({ owner: 'team-x' }), 'default'],
    ['no spec', { metadata: { name: 'x' } }, 'default'],
    ['a malformed owner', entity({ owner: ':/' }), 'default'],
  ])('%s', (_name, member, project) => {
    expect(projectForEntity(configured, member).name).toBe(project);
  });
});
