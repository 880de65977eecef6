import { Config } from '@backstage/config';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_PROVIDERS = [
  'github',
  'gitlab',
  'gitea',
  'bitbucket',
  'generic',
] as const;
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

/** How each provider signs a delivery and names it. Header names are matched case-insensitively. */
interface ProviderSpec {
  signatureHeader: string;
  /**
   * `sha256=`-prefixed or bare hex HMAC-SHA256 of the raw body, or (GitLab) the shared token itself.
   */
  scheme: 'hmac-prefixed' | 'hmac-hex' | 'token';
  deliveryHeader: string;
  /** Header naming the event type; absent for the generic provider (every delivery is a push). */
  eventHeader?: string;
  /**
   * Header carrying the delivery's time (Unix seconds): for the generic provider, whose payload
   * carries no time of its own. It must be among `signedHeaders`.
   */
  timestampHeader?: string;
  /**
   * Headers the signature covers besides the body, in this order: the HMAC is computed over
   * `<value 1>.<value 2>.<raw body>`. Providers that sign only the body have none.
   */
  signedHeaders?: string[];
}

export const PROVIDER_SPECS: Record<WebhookProvider, ProviderSpec> = {
  github: {
    signatureHeader: 'x-hub-signature-256',
    scheme: 'hmac-prefixed',
    deliveryHeader: 'x-github-delivery',
    eventHeader: 'x-github-event',
  },
  gitea: {
    signatureHeader: 'x-gitea-signature',
    scheme: 'hmac-hex',
    deliveryHeader: 'x-gitea-delivery',
    eventHeader: 'x-gitea-event',
  },
  // Bitbucket Server / Data Center.
  bitbucket: {
    signatureHeader: 'x-hub-signature',
    scheme: 'hmac-prefixed',
    deliveryHeader: 'x-request-id',
    eventHeader: 'x-event-key',
  },
  gitlab: {
    signatureHeader: 'x-gitlab-token',
    scheme: 'token',
    deliveryHeader: 'x-gitlab-event-uuid',
    eventHeader: 'x-gitlab-event',
  },
  generic: {
    signatureHeader: 'x-gitops-signature',
    scheme: 'hmac-prefixed',
    deliveryHeader: 'x-gitops-delivery',
    timestampHeader: 'x-gitops-timestamp',
    signedHeaders: ['x-gitops-timestamp', 'x-gitops-delivery'],
  },
};

export function isWebhookProvider(value: string): value is WebhookProvider {
  return (WEBHOOK_PROVIDERS as readonly string[]).includes(value);
}

/**
 * Secrets from `gitops.webhooks.<provider>.secret`. A provider without a secret (or a blank one) is
 * disabled: an empty HMAC key would let anyone sign.
 */
export function readWebhookSecrets(
  config: Config,
): Partial<Record<WebhookProvider, string>> {
  const secrets: Partial<Record<WebhookProvider, string>> = {};
  const webhooks = config.getOptionalConfig('gitops.webhooks');
  for (const provider of WEBHOOK_PROVIDERS) {
    const secret = webhooks?.getOptionalString(`${provider}.secret`);
    if (secret?.trim()) secrets[provider] = secret;
  }
  return secrets;
}

export type SignatureCheck = 'valid' | 'missing' | 'invalid';

/** Verifies a delivery's signature over its signed content, in constant time with respect to the secret. */
export function verifySignature(
  provider: WebhookProvider,
  header: string | undefined,
  content: Buffer,
  secret: string,
): SignatureCheck {
  if (!header) return 'missing';
  const { scheme } = PROVIDER_SPECS[provider];
  if (scheme === 'token') {
    // Hash both sides first: equal lengths for timingSafeEqual, and the secret's length never leaks.
    const provided = createHash('sha256').update(header, 'utf8').digest();
    const expected = createHash('sha256').update(secret, 'utf8').digest();
    return timingSafeEqual(provided, expected) ? 'valid' : 'invalid';
  }
  let hex = header.trim();
  if (scheme === 'hmac-prefixed') {
    if (!hex.toLowerCase().startsWith('sha256=')) return 'invalid';
    hex = hex.slice('sha256='.length);
  }
  // Buffer.from(..., 'hex') silently drops bad characters, so check the shape first.
  if (!/^[0-9a-f]{64}$/i.test(hex)) return 'invalid';
  const expected = createHmac('sha256', secret).update(content).digest();
  return timingSafeEqual(Buffer.from(hex, 'hex'), expected)
    ? 'valid'
    : 'invalid';
}

/**
 * The bytes a delivery's signature covers: the raw body, or for a provider with signed headers
 * `<header value>.<header value>.<body>`, so neither the time nor the delivery id can be changed
 * without the secret.
 */
export function signedContent(
  provider: WebhookProvider,
  rawBody: Buffer | string,
  header: (name: string) => string | undefined,
): Buffer {
  const body = Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody);
  const names = PROVIDER_SPECS[provider].signedHeaders ?? [];
  if (names.length === 0) return body;
  const prefix = names.map(name => `${header(name) ?? ''}.`).join('');
  return Buffer.concat([Buffer.from(prefix), body]);
}

/**
 * Every header of a delivery of `body` as the provider sends it: delivery id, signature, and the
 * signed timestamp where the provider has one. For tests, benchmarks and senders of the generic
 * provider.
 * @alpha
 */
export function signDelivery(
  provider: WebhookProvider,
  body: Buffer | string,
  secret: string,
  delivery: { id: string; now?: Date },
): Record<string, string> {
  const spec = PROVIDER_SPECS[provider];
  const headers: Record<string, string> = {
    [spec.deliveryHeader]: delivery.id,
  };
  if (spec.timestampHeader)
    headers[spec.timestampHeader] = String(
      Math.floor((delivery.now ?? new Date()).getTime() / 1000),
    );
  if (spec.scheme === 'token') {
    headers[spec.signatureHeader] = secret;
    return headers;
  }
  const hex = createHmac('sha256', secret)
    .update(signedContent(provider, body, name => headers[name]))
    .digest('hex');
  headers[spec.signatureHeader] =
    spec.scheme === 'hmac-prefixed' ? `sha256=${hex}` : hex;
  return headers;
}
