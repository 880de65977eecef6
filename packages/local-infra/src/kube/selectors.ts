import { badRequest } from './status';
import type { KubeObject } from './types';

/** labels: "Label selectors" → equality-based and set-based requirements. */
export type LabelRequirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

const KEY = '[A-Za-z0-9](?:[-A-Za-z0-9_./]*[A-Za-z0-9])?';
const VALUE = '(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?';
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
const EXISTS = new RegExp(`^(${KEY})$`);
const NOT_EXISTS = new RegExp(`^!\\s*(${KEY})$`);
const SET_VALUE = new RegExp(`^${VALUE}$`);

/** Splits on commas that are not inside parentheses ("a in (x,y),b" → two requirements). */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts.map(p => p.trim());
}

export function parseLabelSelector(
  selector: string | undefined | null,
): LabelRequirement[] {
  if (!selector || !selector.trim()) return [];
  return splitTopLevel(selector.trim()).map(part => {
    let m = EQUALITY.exec(part);
    if (m) return { key: m[1], op: m[2] === '!=' ? 'neq' : 'eq', value: m[3] };
    m = SET.exec(part);
    if (m) {
      const values = m[3].split(',').map(v => v.trim());
      if (values.some(v => !SET_VALUE.test(v))) throw parseError(part);
      return { key: m[1], op: m[2] as 'in' | 'notin', values };
    }
    m = NOT_EXISTS.exec(part);
    if (m) return { key: m[1], op: 'notexists' };
    m = EXISTS.exec(part);
    if (m) return { key: m[1], op: 'exists' };
    throw parseError(part);
  });
}

const parseError = (part: string) =>
  badRequest(
    `unable to parse requirement: found '${part}', expected: a valid label requirement`,
  );

export function matchesLabels(
  reqs: LabelRequirement[],
  labels: Record<string, string> = {},
): boolean {
  return reqs.every(r => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case 'eq':
        return has && v === r.value;
      case 'neq':
        return !has || v !== r.value;
      case 'in':
        return has && r.values.includes(v);
      case 'notin':
        return !has || !r.values.includes(v);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      default:
        return false;
    }
  });
}

/** A LabelSelector object (matchLabels/matchExpressions) in its string form, as Scale.status.selector shows it. */
export function labelSelectorToString(sel: any): string {
  if (!sel || typeof sel !== 'object')
    return typeof sel === 'string' ? sel : '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {}))
    parts.push(`${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.sort().join(',');
}

export interface FieldRequirement {
  field: string;
  op: 'eq' | 'neq';
  value: string;
}

/** Fields each kind can be selected by besides metadata.name and metadata.namespace. */
const KIND_FIELDS: Record<string, string[]> = {
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Secret: ['type'],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Namespace: ['status.phase'],
  Node: ['spec.unschedulable'],
  Job: ['status.successful'],
  ReplicaSet: ['status.replicas'],
};

export function parseFieldSelector(
  selector: string | undefined | null,
  kind: string,
): FieldRequirement[] {
  if (!selector || !selector.trim()) return [];
  const allowed = new Set([
    'metadata.name',
    'metadata.namespace',
    ...(KIND_FIELDS[kind] ?? []),
  ]);
  return selector.split(',').map(part => {
    const m = /^\s*([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m)
      throw badRequest(
        `invalid selector: '${selector}'; can't understand '${part}'`,
      );
    if (!allowed.has(m[1]))
      throw badRequest(`field label not supported: ${m[1]}`);
    return {
      field: m[1],
      op: m[2] === '!=' ? 'neq' : 'eq',
      value: m[3],
    } as FieldRequirement;
  });
}

function fieldValue(obj: KubeObject, field: string): string {
  let cur: any = obj;
  for (const p of field.split('.')) cur = cur?.[p];
  if (field === 'metadata.namespace' && cur === undefined) return '';
  return cur === undefined || cur === null ? '' : String(cur);
}

export function matchesFields(
  reqs: FieldRequirement[],
  obj: KubeObject,
): boolean {
  return reqs.every(
    r => (fieldValue(obj, r.field) === r.value) === (r.op === 'eq'),
  );
}

export interface Selectors {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

export const matchesSelectors = (s: Selectors, obj: KubeObject) =>
  matchesLabels(s.labels, obj.metadata?.labels) && matchesFields(s.fields, obj);
