import { groupOf, KubeObject } from '@backstage-gitops/plugin-gitops-node';

/** Every Secret value of the desired set, raw and base64, so error text can be scrubbed of them. */
export function secretValues(objects: KubeObject[]): string[] {
  const values = new Set<string>();
  for (const obj of objects) {
    if (obj.kind !== 'Secret' || groupOf(obj.apiVersion) !== '') continue;
    for (const [field, encoded] of [
      ['data', true],
      ['stringData', false],
    ] as const) {
      for (const value of Object.values(
        ((obj as any)[field] ?? {}) as Record<string, unknown>,
      )) {
        if (typeof value !== 'string' || value.length < 4) continue;
        values.add(value);
        const other = encoded
          ? Buffer.from(value, 'base64').toString('utf8')
          : Buffer.from(value).toString('base64');
        if (other.length >= 4) values.add(other);
      }
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** Replaces any Secret value found in text (API error messages can echo submitted values). */
export function scrubSecrets(
  text: string | undefined,
  values: string[],
): string | undefined {
  if (!text) return text;
  let scrubbed = text;
  for (const value of values) scrubbed = scrubbed.split(value).join('********');
  return scrubbed;
}
