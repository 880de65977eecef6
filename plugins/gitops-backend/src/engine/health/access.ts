/* Tolerant readers for untyped API objects: a field of the wrong type reads as absent. */

export function field(obj: unknown, ...path: string[]): unknown {
  let value: unknown = obj;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function num(obj: unknown, ...path: string[]): number | undefined {
  const value = field(obj, ...path);
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

export function str(obj: unknown, ...path: string[]): string | undefined {
  const value = field(obj, ...path);
  return typeof value === 'string' ? value : undefined;
}

export function list(obj: unknown, ...path: string[]): unknown[] {
  const value = field(obj, ...path);
  return Array.isArray(value) ? value : [];
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export function toConditions(values: unknown[]): Condition[] {
  return values.flatMap(c => {
    const type = str(c, 'type');
    const status = str(c, 'status');
    return type && status
      ? [{ type, status, reason: str(c, 'reason'), message: str(c, 'message') }]
      : [];
  });
}

/** `status.conditions` (the standard place since the API conventions' "Typical status properties"). */
export function conditions(obj: unknown): Condition[] {
  return toConditions(list(obj, 'status', 'conditions'));
}

export function condition(obj: unknown, type: string): Condition | undefined {
  return conditions(obj).find(c => c.type === type);
}

/** `reason: message`, or whichever of the two is present. */
export function describeCondition(c: Condition): string {
  return [c.reason, c.message].filter(Boolean).join(': ');
}
