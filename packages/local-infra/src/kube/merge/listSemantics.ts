/**
 * The one table of how lists (and a few maps) inside built-in objects merge.
 *
 * Strategic merge patch reads the Go struct tags `patchStrategy` and
 * `patchMergeKey`; server-side apply reads the OpenAPI extensions
 * `x-kubernetes-list-type`, `x-kubernetes-list-map-keys` and
 * `x-kubernetes-map-type`. They mostly agree, but not always: container
 * ports merge by `containerPort` in a strategic merge patch and by
 * (`containerPort`, `protocol`) in server-side apply.
 * (api-concepts 'Merge strategy'; strategic merge patch: 'patchMergeKey')
 *
 * A list not named here is atomic: a patch or an apply replaces it whole.
 *
 * Paths are dotted field names; `[]` steps into the items of a list;
 * `(a|b)` matches either name; a leading `**.` matches any prefix, which is
 * how one rule covers a pod spec wherever it sits (Pod `spec`, PodTemplate
 * `template.spec`, workloads `spec.template.spec`, CronJob
 * `spec.jobTemplate.spec.template.spec`).
 */
import { Json } from './jsonValue';

/** How server-side apply identifies the items of a list. */
export type ListShape =
  | { type: 'atomic' }
  | { type: 'set' }
  | { type: 'map'; keys: string[]; keyDefaults: Record<string, Json> };

/** How a strategic merge patch merges a list; `mergeKey` is '' for a list of primitives. */
export type SmpListStrategy = { mergeKey: string } | undefined;

interface ListRule {
  path: string;
  /** Only for these kinds, where the same path means something else elsewhere. */
  kinds?: string[];
  /** patchStrategy=merge with this patchMergeKey; absent means replace. */
  smp?: string;
  ssa: ListShape;
}

const ATOMIC: ListShape = { type: 'atomic' };
const SET: ListShape = { type: 'set' };
const keyedBy = (
  keys: string[],
  keyDefaults: Record<string, Json> = {},
): ListShape => ({
  type: 'map',
  keys,
  keyDefaults,
});
// `protocol` defaults to TCP, and server-side apply uses the default when it
// builds the item key, e.g. k:{"containerPort":80,"protocol":"TCP"}.
const BY_PORT_AND_PROTOCOL = (port: string) =>
  keyedBy([port, 'protocol'], { protocol: 'TCP' });

const CONTAINERS = '(containers|initContainers|ephemeralContainers)';

const LIST_RULES: ListRule[] = [
  // ObjectMeta
  { path: 'metadata.finalizers', smp: '', ssa: SET },
  { path: 'metadata.ownerReferences', smp: 'uid', ssa: keyedBy(['uid']) },
  // PodSpec
  { path: `**.spec.${CONTAINERS}`, smp: 'name', ssa: keyedBy(['name']) },
  { path: '**.spec.volumes', smp: 'name', ssa: keyedBy(['name']) },
  { path: '**.spec.imagePullSecrets', smp: 'name', ssa: keyedBy(['name']) },
  { path: '**.spec.hostAliases', smp: 'ip', ssa: keyedBy(['ip']) },
  {
    path: '**.spec.topologySpreadConstraints',
    smp: 'topologyKey',
    ssa: keyedBy(['topologyKey', 'whenUnsatisfiable']),
  },
  { path: '**.spec.resourceClaims', smp: 'name', ssa: keyedBy(['name']) },
  { path: '**.spec.schedulingGates', smp: 'name', ssa: keyedBy(['name']) },
  // Container
  {
    path: `**.spec.${CONTAINERS}[].ports`,
    smp: 'containerPort',
    ssa: BY_PORT_AND_PROTOCOL('containerPort'),
  },
  { path: `**.spec.${CONTAINERS}[].env`, smp: 'name', ssa: keyedBy(['name']) },
  {
    path: `**.spec.${CONTAINERS}[].volumeMounts`,
    smp: 'mountPath',
    ssa: keyedBy(['mountPath']),
  },
  {
    path: `**.spec.${CONTAINERS}[].volumeDevices`,
    smp: 'devicePath',
    ssa: keyedBy(['devicePath']),
  },
  // Service
  {
    path: 'spec.ports',
    kinds: ['Service'],
    smp: 'port',
    ssa: BY_PORT_AND_PROTOCOL('port'),
  },
  // ServiceAccount
  {
    path: 'secrets',
    kinds: ['ServiceAccount'],
    smp: 'name',
    ssa: keyedBy(['name']),
  },
  // Status
  { path: 'status.conditions', smp: 'type', ssa: keyedBy(['type']) },
  { path: 'status.podIPs', kinds: ['Pod'], smp: 'ip', ssa: keyedBy(['ip']) },
];

interface MapRule {
  path: string;
  kinds?: string[];
}

/** Maps that server-side apply owns as one value (`x-kubernetes-map-type: atomic`). */
const ATOMIC_MAP_RULES: MapRule[] = [
  // metav1.LabelSelector is an atomic struct.
  {
    path: 'spec.selector',
    kinds: [
      'Deployment',
      'ReplicaSet',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'PodDisruptionBudget',
    ],
  },
  { path: '**.labelSelector' },
  { path: '**.namespaceSelector' },
  { path: '**.podSelector' },
];

type Matcher = (segments: string[]) => boolean;

function compile(pattern: string): Matcher {
  const anyPrefix = pattern.startsWith('**.');
  const tokens = (anyPrefix ? pattern.slice(3) : pattern)
    .split('.')
    .flatMap(part =>
      part.endsWith('[]') ? [part.slice(0, -2), '[]'] : [part],
    );
  const accepts = tokens.map(token => {
    const names = token.replace(/^\((.*)\)$/, '$1').split('|');
    return (segment: string) => names.includes(segment);
  });
  return segments => {
    if (
      anyPrefix
        ? segments.length < tokens.length
        : segments.length !== tokens.length
    ) {
      return false;
    }
    const offset = segments.length - tokens.length;
    return accepts.every((accept, i) => accept(segments[offset + i]));
  };
}

const compiledLists = LIST_RULES.map(rule => ({
  rule,
  matches: compile(rule.path),
}));
const compiledMaps = ATOMIC_MAP_RULES.map(rule => ({
  rule,
  matches: compile(rule.path),
}));

function findRule<R extends { kinds?: string[] }>(
  table: Array<{ rule: R; matches: Matcher }>,
  segments: string[],
  kind: string,
): R | undefined {
  return table.find(
    ({ rule, matches }) =>
      (!rule.kinds || rule.kinds.includes(kind)) && matches(segments),
  )?.rule;
}

/** `segments`: field names from the object root, with '[]' for each list item step. */
export function ssaListShape(segments: string[], kind: string): ListShape {
  return findRule(compiledLists, segments, kind)?.ssa ?? ATOMIC;
}

export function smpListStrategy(
  segments: string[],
  kind: string,
): SmpListStrategy {
  const rule = findRule(compiledLists, segments, kind);
  return rule?.smp === undefined ? undefined : { mergeKey: rule.smp };
}

export function isAtomicMap(segments: string[], kind: string): boolean {
  return findRule(compiledMaps, segments, kind) !== undefined;
}

/**
 * Fields every object of its kind has even when empty, because they are
 * plain (non-pointer, non-omitempty) fields of the Go type. Writing a new
 * object does not "add" them, so the API does not mark them with "." in an
 * Update entry's FieldsV1; anything else that appears does get marked.
 */
const ALWAYS_PRESENT_RULES: MapRule[] = [
  { path: 'metadata' },
  { path: 'spec' },
  { path: 'status' },
  { path: 'spec.containers', kinds: ['Pod'] },
  { path: 'template.(metadata|spec)', kinds: ['PodTemplate'] },
  { path: 'template.spec.containers', kinds: ['PodTemplate'] },
  { path: 'spec.(template|strategy|updateStrategy|jobTemplate)' },
  { path: 'spec.template.(metadata|spec)' },
  { path: 'spec.template.spec.containers' },
  { path: 'spec.jobTemplate.(metadata|spec)', kinds: ['CronJob'] },
  { path: 'spec.jobTemplate.spec.template', kinds: ['CronJob'] },
  {
    path: 'spec.jobTemplate.spec.template.(metadata|spec)',
    kinds: ['CronJob'],
  },
  {
    path: 'spec.jobTemplate.spec.template.spec.containers',
    kinds: ['CronJob'],
  },
];

const compiledAlwaysPresent = ALWAYS_PRESENT_RULES.map(rule => ({
  rule,
  matches: compile(rule.path),
}));

export function isAlwaysPresent(segments: string[], kind: string): boolean {
  return findRule(compiledAlwaysPresent, segments, kind) !== undefined;
}
