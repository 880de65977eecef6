import { deepEqual, isPlainObject } from './objectUtil';
import {
  matchesLabels,
  parseLabelSelector,
  labelSelectorToString,
} from './selectors';
import { FieldCause, invalid } from './status';
import type { KubeObject, ResourceType } from './types';

/** The validation a client is most likely to trip over; kinds are checked as the 1.32 server does. */

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function nameCauses(type: ResourceType, name: string): FieldCause[] {
  const bad = (msg: string) => [
    { field: 'metadata.name', message: `Invalid value: "${name}": ${msg}` },
  ];
  if (type.group === 'rbac.authorization.k8s.io') {
    // RBAC names are path segments (system:aggregate-to-view is valid).
    return name === '.' || name === '..' || /[/%]/.test(name)
      ? bad(`may not contain '/' or '%' and may not be '.' or '..'`)
      : [];
  }
  if (!type.custom && type.kind === 'Service')
    return DNS1035_LABEL.test(name) && name.length <= 63
      ? []
      : bad(DNS1035_MSG);
  if (!type.custom && type.kind === 'Namespace')
    return DNS1123_LABEL.test(name) && name.length <= 63 ? [] : bad(LABEL_MSG);
  return DNS1123_SUBDOMAIN.test(name) && name.length <= 253
    ? []
    : bad(SUBDOMAIN_MSG);
}

const immutable = (field: string, value: unknown): FieldCause => ({
  field,
  message: `Invalid value: ${JSON.stringify(value)}: field is immutable`,
});

const required = (field: string): FieldCause => ({
  field,
  message: 'Required value',
  reason: 'FieldValueRequired',
});

function podTemplateCauses(spec: any, prefix: string): FieldCause[] {
  const containers = spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0)
    return [required(`${prefix}.containers`)];
  const causes: FieldCause[] = [];
  containers.forEach((c: any, i: number) => {
    if (!c?.name) causes.push(required(`${prefix}.containers[${i}].name`));
    if (!c?.image) causes.push(required(`${prefix}.containers[${i}].image`));
  });
  return causes;
}

function workloadCauses(o: KubeObject, live?: KubeObject): FieldCause[] {
  const spec = o.spec;
  if (!isPlainObject(spec)) return [required('spec')];
  const causes: FieldCause[] = [];
  if (!isPlainObject(spec.selector)) causes.push(required('spec.selector'));
  else {
    const labels = spec.template?.metadata?.labels ?? {};
    const reqs = parseLabelSelector(labelSelectorToString(spec.selector));
    if (!matchesLabels(reqs, labels)) {
      causes.push({
        field: 'spec.template.metadata.labels',
        message: `Invalid value: ${JSON.stringify(
          labels,
        )}: \`selector\` does not match template \`labels\``,
      });
    }
    // apps/v1: "spec.selector is immutable after creation".
    if (live && !deepEqual(live.spec?.selector, spec.selector))
      causes.push(immutable('spec.selector', spec.selector));
  }
  return causes.concat(
    podTemplateCauses(spec.template?.spec, 'spec.template.spec'),
  );
}

const KIND_RULES: Record<
  string,
  (o: KubeObject, live?: KubeObject) => FieldCause[]
> = {
  Deployment: workloadCauses,
  StatefulSet: workloadCauses,
  DaemonSet: workloadCauses,
  ReplicaSet: workloadCauses,
  Pod: o => podTemplateCauses(o.spec, 'spec'),
  Job: o => podTemplateCauses(o.spec?.template?.spec, 'spec.template.spec'),
  Service: (o, live) => {
    const old = live?.spec?.clusterIP;
    return old && o.spec?.clusterIP && o.spec.clusterIP !== old
      ? [
          {
            field: 'spec.clusterIPs[0]',
            message: `Invalid value: []string{"${o.spec.clusterIP}"}: may not change once set`,
          },
        ]
      : [];
  },
  CustomResourceDefinition: o => crdCauses(o),
};

function crdCauses(o: KubeObject): FieldCause[] {
  const spec = o.spec ?? {};
  const causes: FieldCause[] = [];
  const plural = spec.names?.plural;
  if (!spec.group) causes.push(required('spec.group'));
  if (!plural) causes.push(required('spec.names.plural'));
  if (!spec.names?.kind) causes.push(required('spec.names.kind'));
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    causes.push({
      field: 'spec.scope',
      message: `Unsupported value: "${
        spec.scope ?? ''
      }": supported values: "Cluster", "Namespaced"`,
    });
  }
  if (plural && spec.group && o.metadata.name !== `${plural}.${spec.group}`) {
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${o.metadata.name}": must be spec.names.plural+"."+spec.group`,
    });
  }
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  if (versions.length === 0) causes.push(required('spec.versions'));
  else if (versions.filter((v: any) => v.storage).length !== 1) {
    causes.push({
      field: 'spec.versions',
      message:
        'Invalid value: must have exactly one version marked as storage version',
    });
  }
  return causes;
}

/** Throws a 422 Invalid Status when the object would be rejected. */
export function validateObject(
  type: ResourceType,
  o: KubeObject,
  live?: KubeObject,
): void {
  const name = o.metadata?.name ?? '';
  const causes: FieldCause[] = name
    ? nameCauses(type, name)
    : [
        {
          field: 'metadata.name',
          message: 'Required value: name or generateName is required',
          reason: 'FieldValueRequired',
        },
      ];
  if (name && !type.custom)
    causes.push(...(KIND_RULES[type.kind]?.(o, live) ?? []));
  if (causes.length) throw invalid(type.kind, type.group, name, causes);
}
