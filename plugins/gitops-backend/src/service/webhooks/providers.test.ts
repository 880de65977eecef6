import { ConfigReader } from '@backstage/config';
import { createHmac } from 'node:crypto';
import {
  PROVIDER_SPECS,
  readWebhookSecrets,
  signDelivery,
  signedContent,
  verifySignature,
  WebhookProvider,
} from './providers';

const BODY = Buffer.from('{"ref":"refs/heads/main"}');
const SECRET = 's3cret';
const hex = createHmac('sha256', SECRET).update(BODY).digest('hex');

describe('verifySignature', () => {
  it.each<[WebhookProvider, string | undefined, string]>([
    ['github', `sha256=${hex}`, 'valid'],
    ['github', `sha256=${hex.toUpperCase()}`, 'valid'],
    ['github', hex, 'invalid'], // prefix required
    ['github', `sha1=${hex}`, 'invalid'],
    ['github', `sha256=${hex.slice(0, 63)}0`, 'invalid'],
    ['github', `sha256=${hex}00`, 'invalid'], // longer than a SHA-256
    ['github', `sha256=${'z'.repeat(64)}`, 'invalid'], // not hex
    ['github', undefined, 'missing'],
    ['github', '', 'missing'],
    ['gitea', hex, 'valid'],
    ['gitea', `sha256=${hex}`, 'invalid'],
    ['bitbucket', `sha256=${hex}`, 'valid'],
    ['generic', `sha256=${hex}`, 'valid'],
    [
      'generic',
      `sha256=${createHmac('sha256', 'other').update(BODY).digest('hex')}`,
      'invalid',
    ],
    ['gitlab', SECRET, 'valid'],
    ['gitlab', `${SECRET} `, 'invalid'],
    ['gitlab', SECRET.slice(0, 3), 'invalid'],
    ['gitlab', hex, 'invalid'],
  ])('%s with %p → %s', (provider, header, expected) => {
    expect(verifySignature(provider, header, BODY, SECRET)).toBe(expected);
  });

  it('binds the signature to the exact bytes', () => {
    const reformatted = Buffer.from('{ "ref": "refs/heads/main" }');
    expect(
      verifySignature('github', `sha256=${hex}`, reformatted, SECRET),
    ).toBe('invalid');
  });

  it.each<WebhookProvider>([
    'github',
    'gitlab',
    'gitea',
    'bitbucket',
    'generic',
  ])('signDelivery output verifies for %s', provider => {
    const headers = signDelivery(provider, BODY, SECRET, { id: 'd-1' });
    const spec = PROVIDER_SPECS[provider];
    expect(headers[spec.deliveryHeader]).toBe('d-1');
    expect(
      verifySignature(
        provider,
        headers[spec.signatureHeader],
        signedContent(provider, BODY, name => headers[name]),
        SECRET,
      ),
    ).toBe('valid');
  });
});

describe('signedContent', () => {
  const headers: Record<string, string> = {
    'x-gitops-timestamp': '1767225600',
    'x-gitops-delivery': 'd-1',
  };

  it('is the raw body for providers that sign only the body', () => {
    expect(signedContent('github', BODY, name => headers[name])).toEqual(BODY);
  });

  it('is `<timestamp>.<delivery id>.<body>` for the generic provider', () => {
    expect(
      signedContent('generic', BODY, name => headers[name]).toString(),
    ).toBe(`1767225600.d-1.${BODY}`);
  });

  it.each([
    ['timestamp', { ...headers, 'x-gitops-timestamp': '1767225601' }],
    ['delivery id', { ...headers, 'x-gitops-delivery': 'd-2' }],
  ])(
    'binds the generic signature to the %s: a changed header fails it',
    (_label, changed: Record<string, string>) => {
      const signed = signDelivery('generic', BODY, SECRET, {
        id: 'd-1',
        now: new Date(1767225600 * 1000),
      });
      expect(
        verifySignature(
          'generic',
          signed['x-gitops-signature'],
          signedContent('generic', BODY, name => changed[name]),
          SECRET,
        ),
      ).toBe('invalid');
    },
  );
});

describe('readWebhookSecrets', () => {
  it('enables only providers with a non-blank secret', () => {
    const config = new ConfigReader({
      gitops: {
        webhooks: {
          github: { secret: 'a' },
          gitlab: { secret: '   ' },
          gitea: {},
        },
      },
    });
    expect(readWebhookSecrets(config)).toEqual({ github: 'a' });
  });

  it('is empty without gitops.webhooks', () => {
    expect(readWebhookSecrets(new ConfigReader({}))).toEqual({});
  });
});
