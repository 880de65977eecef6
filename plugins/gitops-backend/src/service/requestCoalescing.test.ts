import { ReconcileRequest } from '../database/types';
import { coalesce } from './requestCoalescing';

const SHA = 'a'.repeat(40);
const at = '2026-01-01T00:00:00.000Z';
const sync = (extra: Partial<ReconcileRequest> = {}): ReconcileRequest => ({
  id: 'pending',
  trigger: 'user',
  sync: true,
  requestedAt: at,
  ...extra,
});
const refresh = (extra: Partial<ReconcileRequest> = {}) =>
  sync({ sync: false, ...extra });
const web = { kind: 'Deployment', name: 'web' };

describe('coalesce', () => {
  it.each<[string, string, ReconcileRequest | undefined, ReconcileRequest]>([
    ['nothing pending: a sync', 'queue', undefined, sync({ id: 'new' })],
    ['nothing pending: a refresh', 'queue', undefined, refresh({ id: 'new' })],
    ['a sync pending: the same sync', 'join', sync(), sync({ id: 'new' })],
    [
      'a sync pending: the same sync by someone else',
      'join',
      sync({ requestedBy: 'user:default/a' }),
      sync({ id: 'new', requestedBy: 'user:default/b' }),
    ],
    [
      'a sync of a revision pending: the same revision',
      'join',
      sync({ revision: SHA }),
      sync({ id: 'new', revision: SHA }),
    ],
    [
      'a sync pending: no resources and an empty list are the same',
      'join',
      sync(),
      sync({ id: 'new', resources: [] }),
    ],
    ['a sync pending: a refresh', 'join', sync(), refresh({ id: 'new' })],
    [
      "a revert's sync pending: a plain sync",
      'join',
      sync({ trigger: 'revert' }),
      sync({ id: 'new' }),
    ],
    [
      'a sync pending: a sync of another revision',
      'conflict',
      sync(),
      sync({ id: 'new', revision: SHA }),
    ],
    [
      'a sync pending: a sync of some resources',
      'conflict',
      sync(),
      sync({ id: 'new', resources: [web] }),
    ],
    ['a refresh pending: a refresh', 'join', refresh(), refresh({ id: 'new' })],
    [
      'a webhook refresh pending: a user refresh',
      'join',
      refresh({ trigger: 'webhook' }),
      refresh({ id: 'new' }),
    ],
    ['a refresh pending: a sync', 'queue', refresh(), sync({ id: 'new' })],
  ])('%s → %s', (_label, expected, pending, incoming) => {
    const decision = coalesce(pending, incoming);
    expect(decision.kind).toBe(expected);
    // joining or refusing answers with the pending request
    const answered = decision.kind === 'queue' ? pending : decision.request;
    expect(answered).toBe(pending);
  });
});
