import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { DEFAULT_PROJECT_RULES } from './readProjects';
import { Project } from './types';

/** The entity fields membership reads: its catalog namespace, owner and system. */
export type MemberEntity = Pick<Entity, 'metadata' | 'spec'>;

function refOf(
  value: unknown,
  defaultKind: string,
  defaultNamespace: string,
): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * The project an entity belongs to: the first configured project, in config order, whose members
 * name the entity's owner group, its system or its catalog namespace; the built-in default
 * project when none does.
 */
export function projectForEntity(
  configured: Project[],
  entity: MemberEntity,
): Project {
  const namespace = (entity.metadata.namespace ?? 'default').toLocaleLowerCase(
    'en-US',
  );
  const spec = (entity.spec ?? {}) as { owner?: unknown; system?: unknown };
  const owner = refOf(spec.owner, 'group', namespace);
  const system = refOf(spec.system, 'system', namespace);
  return (
    configured.find(
      ({ members }) =>
        (owner !== undefined && members.groups.includes(owner)) ||
        (system !== undefined && members.systems.includes(system)) ||
        members.namespaces.includes(namespace),
    ) ?? DEFAULT_PROJECT_RULES
  );
}
