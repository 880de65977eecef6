import type { ErrorCategory } from '@backstage-gitops/plugin-gitops-common';
import { InputError } from '@backstage/errors';
import {
  KubeApiError,
  KubeConfigError,
  KubeConnectionError,
} from './cluster/kubeClient';
import {
  classifyApplyFailure,
  classifyFailure,
  ConfigurationError,
  describeNetworkFault,
  FailurePlaces,
  withoutUrlCredentials,
} from './failures';
import {
  RenderError,
  RendererUnavailableError,
  SourceError,
  ValidationError,
} from '@backstage-gitops/plugin-gitops-node';

const SERVER = 'https://10.0.0.1:6443';
const REPO = 'https://git.example.com/team/config.git';
const places: FailurePlaces = {
  cluster: { name: 'prod', server: SERVER },
  repoUrl: REPO,
};

/** An error as Node's net, dns and tls modules raise them. */
const systemError = (code: string, message: string) =>
  Object.assign(new Error(message), { code });
const unreachableCluster = (code: string, message: string) =>
  new KubeConnectionError(SERVER, systemError(code, message));
/** fetch (undici) wraps the socket's error: TypeError('fetch failed', { cause }). */
const unreachableGit = (cause: unknown) =>
  new SourceError('Git server git.example.com unreachable: …', {
    reason: 'unreachable',
    cause: new TypeError('fetch failed', { cause }),
  });

describe('classifyFailure', () => {
  it.each<[string, unknown, ErrorCategory, string]>([
    [
      'connection refused',
      unreachableCluster('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:6443'),
      'cluster-unreachable',
      "Cluster 'prod' (https://10.0.0.1:6443) is unreachable: connection refused",
    ],
    [
      'DNS',
      unreachableCluster('ENOTFOUND', 'getaddrinfo ENOTFOUND api.prod'),
      'cluster-unreachable',
      "Cluster 'prod' (https://10.0.0.1:6443) is unreachable: host name not found (DNS)",
    ],
    [
      'no route',
      unreachableCluster('EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.1:6443'),
      'cluster-unreachable',
      "Cluster 'prod' (https://10.0.0.1:6443) is unreachable: no route to host",
    ],
    [
      "the client's deadline",
      unreachableCluster('ETIMEDOUT', 'no answer within 30000 ms'),
      'cluster-unreachable',
      "Cluster 'prod' (https://10.0.0.1:6443) is unreachable: no answer within 30000 ms",
    ],
    [
      'a connect timeout',
      unreachableCluster('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:6443'),
      'cluster-unreachable',
      "Cluster 'prod' (https://10.0.0.1:6443) is unreachable: connection timed out",
    ],
    [
      'socket hang up',
      unreachableCluster('ECONNRESET', 'socket hang up'),
      'cluster-unreachable',
      "Cluster 'prod' (https://10.0.0.1:6443) is unreachable: connection closed before an answer (socket hang up)",
    ],
    [
      'an untrusted certificate',
      unreachableCluster(
        'DEPTH_ZERO_SELF_SIGNED_CERT',
        'self-signed certificate',
      ),
      'cluster-unreachable',
      "Cluster 'prod' (https://10.0.0.1:6443) is unreachable: TLS handshake failed: self-signed certificate",
    ],
    [
      'TLS spoken to a plain-HTTP port',
      unreachableCluster(
        'ERR_SSL_WRONG_VERSION_NUMBER',
        'C0E7B1F4:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:354:\n',
      ),
      'cluster-unreachable',
      "Cluster 'prod' (https://10.0.0.1:6443) is unreachable: TLS handshake failed: wrong version number",
    ],
    [
      'a code nobody knows',
      unreachableCluster('EWHATEVER', 'something odd'),
      'cluster-unreachable',
      "Cluster 'prod' (https://10.0.0.1:6443) is unreachable: something odd",
    ],
    [
      'a kubeconfig without usable credentials',
      new KubeConfigError(new Error('ENOENT: /etc/k8s/ca.crt')),
      'configuration',
      "Cluster 'prod' (https://10.0.0.1:6443) cannot be used: its kubeconfig gives no usable credentials: ENOENT: /etc/k8s/ca.crt",
    ],
    [
      'a token the API server refuses',
      new KubeApiError('Unauthorized', 401, 'Unauthorized'),
      'unauthorized',
      "Cluster 'prod' (https://10.0.0.1:6443) refused the credentials (HTTP 401): Unauthorized",
    ],
    [
      'RBAC',
      new KubeApiError(
        'deployments.apps is forbidden: User "gitops" cannot list resource "deployments"',
        403,
        'Forbidden',
      ),
      'forbidden',
      'Cluster \'prod\' (https://10.0.0.1:6443) denied access (HTTP 403): deployments.apps is forbidden: User "gitops" cannot list resource "deployments"',
    ],
    [
      'an API server that is unavailable',
      new KubeApiError('etcdserver: leader changed', 503),
      'cluster-unreachable',
      "Cluster 'prod' (https://10.0.0.1:6443) is unavailable (HTTP 503): etcdserver: leader changed",
    ],
    [
      'another API error',
      new KubeApiError('internal error', 500),
      'unknown',
      "Cluster 'prod' (https://10.0.0.1:6443) answered HTTP 500: internal error",
    ],
    [
      'an unknown cluster',
      new ConfigurationError("Cluster 'prod' is not configured"),
      'configuration',
      "Cluster 'prod' is not configured",
    ],
    [
      'a repository host without integration',
      new InputError(
        "Repository host 'git.example.com' matches no configured integration",
      ),
      'configuration',
      "Repository host 'git.example.com' matches no configured integration (repository https://git.example.com/team/config.git)",
    ],
    [
      'a repository URL that names itself',
      new InputError(`Repository URL '${REPO}' must use http or https`),
      'configuration',
      "Repository URL 'https://git.example.com/team/config.git' must use http or https",
    ],
    [
      'a Git host refusing connections',
      unreachableGit(systemError('ECONNREFUSED', 'connect ECONNREFUSED')),
      'git-unreachable',
      'Git host git.example.com is unreachable (repository https://git.example.com/team/config.git): connection refused',
    ],
    [
      "a Git host fetch gave up on (the client's deadline)",
      new SourceError('Git server git.example.com unreachable: no answer', {
        reason: 'unreachable',
        cause: new DOMException(
          'The operation was aborted due to timeout',
          'TimeoutError',
        ),
      }),
      'git-unreachable',
      'Git host git.example.com is unreachable (repository https://git.example.com/team/config.git): no answer in time',
    ],
    [
      'a Git host with a certificate for another name',
      unreachableGit(
        systemError(
          'ERR_TLS_CERT_ALTNAME_INVALID',
          "Hostname/IP does not match certificate's altnames",
        ),
      ),
      'git-unreachable',
      "Git host git.example.com is unreachable (repository https://git.example.com/team/config.git): TLS handshake failed: Hostname/IP does not match certificate's altnames",
    ],
    [
      'a Git host answering 503',
      new SourceError(`Git server answered HTTP 503 for ${REPO}`, {
        reason: 'unreachable',
        status: 503,
      }),
      'git-unreachable',
      'Git host git.example.com is unreachable (repository https://git.example.com/team/config.git): it answered HTTP 503',
    ],
    [
      'a Git host refusing the credentials',
      new SourceError('refused', { reason: 'refused', status: 401 }),
      'unauthorized',
      'Git host git.example.com refused the credentials for https://git.example.com/team/config.git (HTTP 401)',
    ],
    [
      'a Git host refusing access',
      new SourceError('refused', { reason: 'refused', status: 403 }),
      'forbidden',
      'Git host git.example.com denied access to https://git.example.com/team/config.git (HTTP 403)',
    ],
    [
      'a missing ref',
      new SourceError(`Ref 'release' does not exist in ${REPO}`),
      'source',
      "Ref 'release' does not exist in https://git.example.com/team/config.git",
    ],
    [
      'a missing kubectl',
      new RendererUnavailableError(
        '/usr/local/bin/kubectl',
        'not found (ENOENT)',
      ),
      'renderer-unavailable',
      'Renderer /usr/local/bin/kubectl is unavailable: not found (ENOENT)',
    ],
    [
      'a crashed kubectl',
      new RendererUnavailableError('kubectl', 'crashed (killed by SIGSEGV)'),
      'renderer-unavailable',
      'Renderer kubectl is unavailable: crashed (killed by SIGSEGV)',
    ],
    [
      'a manifest error',
      new RenderError('YAML error: bad indentation', { file: 'app/web.yaml' }),
      'render',
      'app/web.yaml: YAML error: bad indentation',
    ],
    [
      'a validation error',
      new ValidationError([
        { source: 'app/a.yaml', kind: 'ConfigMap', problem: 'has no name' },
      ]),
      'validation',
      '1 manifest problem:\napp/a.yaml: ConfigMap (unnamed): has no name',
    ],
    ['anything else', new Error('boom'), 'unknown', 'boom'],
    ['a thrown string', 'boom', 'unknown', 'boom'],
  ])('%s', (_case, error, category, message) => {
    expect(classifyFailure(error, places)).toEqual({ category, message });
  });

  it('never repeats credentials of a repository or cluster URL', () => {
    const withSecrets: FailurePlaces = {
      cluster: {
        name: 'prod',
        server: 'https://admin:kube-s3cret@10.0.0.1:6443',
      },
      repoUrl: 'https://bot:git-s3cret@git.example.com/team/config.git',
    };
    const errors = [
      unreachableCluster('ECONNREFUSED', 'connect ECONNREFUSED'),
      new KubeApiError('Unauthorized', 401),
      unreachableGit(systemError('ECONNREFUSED', 'connect ECONNREFUSED')),
      new SourceError('refused', { reason: 'refused', status: 401 }),
      new SourceError(
        'Cannot read https://bot:git-s3cret@git.example.com/team/config.git: 404',
      ),
      new Error('fetch https://bot:git-s3cret@git.example.com failed'),
      new InputError('Repository URL must not carry credentials'),
    ];
    for (const error of errors) {
      const { message } = classifyFailure(error, withSecrets);
      expect(message).not.toMatch(/s3cret|admin|bot:/);
      expect(message).toMatch(/git\.example\.com|10\.0\.0\.1/);
    }
  });
});

describe('classifyApplyFailure', () => {
  const applyError = 'Deployment shop/web (app/web.yaml): connect ECONNREFUSED';
  it.each<[string, unknown, ErrorCategory, string]>([
    [
      'the cluster went away during apply',
      unreachableCluster('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:6443'),
      'cluster-unreachable',
      `Cluster 'prod' (https://10.0.0.1:6443) is unreachable: connection refused. ${applyError}`,
    ],
    [
      'RBAC refused the dry-run (a plain { status, message } refusal)',
      { status: 403, message: 'forbidden' },
      'forbidden',
      `Cluster 'prod' (https://10.0.0.1:6443) denied access (HTTP 403). ${applyError}`,
    ],
    [
      'the object is invalid',
      new KubeApiError('spec.replicas: Invalid value', 422),
      'apply',
      applyError,
    ],
    ['a wave that never became healthy', undefined, 'apply', applyError],
  ])('%s', (_case, cause, category, message) => {
    expect(classifyApplyFailure(applyError, cause, places)).toEqual({
      category,
      message,
    });
  });
});

describe('describeNetworkFault', () => {
  it('is undefined for an error that is not a network fault', () => {
    expect(describeNetworkFault(new Error('boom'))).toBeUndefined();
    expect(describeNetworkFault(undefined)).toBeUndefined();
  });
});

describe('withoutUrlCredentials', () => {
  it.each([
    ['https://u:p@host/x.git', 'https://host/x.git'],
    [
      'see http://token@host:8080/a and https://x:y@other/',
      'see http://host:8080/a and https://other/',
    ],
    ['no url here: a@b', 'no url here: a@b'],
  ])('%p → %p', (text, expected) => {
    expect(withoutUrlCredentials(text)).toBe(expected);
  });
});
