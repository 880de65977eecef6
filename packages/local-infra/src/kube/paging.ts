import { badRequest, expired } from './status';

/**
 * api-concepts: "Retrieving large results sets in chunks" — the continue token pins the list to the
 * resourceVersion of the first page and names the last key returned.
 */
export interface ContinueToken {
  rv: number;
  start: string;
}

export function encodeContinue(t: ContinueToken): string {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.rv, start: t.start }),
  ).toString('base64url');
}

export function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      t.v === 'meta.k8s.io/v1' &&
      Number.isInteger(t.rv) &&
      typeof t.start === 'string'
    )
      return { rv: t.rv, start: t.start };
  } catch {
    // fall through
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

export const continueExpired = () =>
  expired(
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
  );

export const objectKeyOf = (o: { metadata: Record<string, any> }) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
