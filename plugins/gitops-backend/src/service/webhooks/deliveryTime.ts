import { Config } from '@backstage/config';
import { AuthenticationError, InputError } from '@backstage/errors';
import { WebhookProvider } from './providers';

/** How far a delivery's signed time may be from now, either way (clock skew), by default. */
export const DEFAULT_DELIVERY_WINDOW_SECONDS = 300;
/**
 * How long a delivery whose payload carries no signed time (Gitea, GitLab) is remembered: its
 * replays are refused while it is. Past that, a replay can only ask for an early reconcile.
 */
export const UNTIMED_DELIVERY_MEMORY_MS = 24 * 60 * 60 * 1000;

/** `gitops.webhooks.deliveryWindowSeconds`, default 300. */
export function readDeliveryWindowMs(config: Config): number {
  const seconds =
    config.getOptionalNumber('gitops.webhooks.deliveryWindowSeconds') ??
    DEFAULT_DELIVERY_WINDOW_SECONDS;
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(
      `gitops.webhooks.deliveryWindowSeconds must be a positive number of seconds, got ${seconds}`,
    );
  return seconds * 1000;
}

/** Where each provider's signed content says when the delivery was made; undefined: nowhere. */
const TIME_SOURCES: Record<WebhookProvider, string | undefined> = {
  github: 'repository.pushed_at',
  bitbucket: 'date',
  generic: 'x-gitops-timestamp',
  gitea: undefined,
  gitlab: undefined,
};

function field(payload: unknown, path: string[]): unknown {
  let current = payload;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Unix seconds as a number or a string of digits, or an ISO 8601 date (Bitbucket: `+1000` offsets). */
function parseTime(value: unknown): Date | undefined {
  if (typeof value === 'number' && Number.isFinite(value))
    return new Date(value * 1000);
  if (typeof value !== 'string' || value.length > 64) return undefined;
  if (/^\d{1,12}$/.test(value)) return new Date(Number(value) * 1000);
  if (!/^\d{4}-\d\d-\d\dT/.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/**
 * When a verified push was made, by its signed content: GitHub's `repository.pushed_at`,
 * Bitbucket Server's `date`, the generic provider's signed `x-gitops-timestamp` header. Undefined
 * for providers whose payload carries no time (Gitea, GitLab). A timed provider's delivery without
 * a readable time is refused (400): without it, a captured delivery could be replayed forever.
 */
export function signedDeliveryTime(
  provider: WebhookProvider,
  payload: unknown,
  timestampHeader: string | undefined,
): Date | undefined {
  const source = TIME_SOURCES[provider];
  if (!source) return undefined;
  const value =
    provider === 'generic'
      ? timestampHeader
      : field(payload, source.split('.'));
  const time = parseTime(value);
  if (!time)
    throw new InputError(
      `${source}: ${
        value === undefined ? 'missing' : 'not a time'
      } in the signed delivery; it bounds how long a delivery can be replayed`,
    );
  return time;
}

/**
 * Refuses a delivery signed outside the window around now (401), and says how long its replay key
 * must be remembered: as long as the delivery itself would be accepted.
 */
export function replayMemoryEnd(
  signedAt: Date | undefined,
  now: Date,
  windowMs: number,
): Date {
  if (!signedAt) return new Date(now.getTime() + UNTIMED_DELIVERY_MEMORY_MS);
  if (Math.abs(now.getTime() - signedAt.getTime()) > windowMs)
    throw new AuthenticationError(
      `Delivery signed at ${signedAt.toISOString()} is outside the accepted window of ${Math.round(
        windowMs / 1000,
      )} s: a replay, or clocks that disagree`,
    );
  return new Date(signedAt.getTime() + windowMs);
}
