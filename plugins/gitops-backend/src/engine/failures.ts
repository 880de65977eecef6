import type { ErrorCategory } from '@backstage-gitops/plugin-gitops-common';
import {
  KubeApiError,
  KubeConfigError,
  KubeConnectionError,
} from './cluster/kubeClient';
import {
  RenderError,
  RendererUnavailableError,
  SourceError,
  ValidationError,
} from '@backstage-gitops/plugin-gitops-node';

/** The places one application's reconcile depends on, for messages that name them. */
export interface FailurePlaces {
  /** The destination cluster, as configured. */
  cluster?: { name: string; server?: string };
  /** The config repository. */
  repoUrl?: string;
}

/** A failure as the user reads it: what kind of fault, and a sentence naming where it happened. */
export interface ClassifiedFailure {
  category: ErrorCategory;
  message: string;
}

/** The portal's own configuration cannot serve the application (an unknown cluster). */
export class ConfigurationError extends Error {
  name = 'ConfigurationError';
}

const NETWORK_FAULTS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'host name lookup failed (DNS)',
  EHOSTUNREACH: 'no route to host',
  EHOSTDOWN: 'host is down',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'network is down',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  UND_ERR_BODY_TIMEOUT: 'answer stalled',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CLOSED: 'connection closed',
};

/** OpenSSL's certificate verdicts, as Node names them. */
const CERTIFICATE_FAULTS = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'HOSTNAME_MISMATCH',
]);

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};
const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

const isTlsFault = (code: string) =>
  CERTIFICATE_FAULTS.has(code) ||
  code === 'EPROTO' ||
  code.startsWith('ERR_TLS_') ||
  code.startsWith('ERR_SSL_');

/** OpenSSL's reason out of its long line (`…:SSL routines:ssl3_get_record:wrong version number:…`). */
function tlsReason(message: string): string {
  const openssl = /SSL routines:[^:]*:([^:]+)/.exec(message);
  return (openssl?.[1] ?? message).trim();
}

/**
 * Why a connection gave no answer, in words: the first error along the `cause` chain (fetch
 * wraps the socket's error) whose code is a known network or TLS fault. Undefined when no error
 * in the chain is one.
 */
export function describeNetworkFault(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const code = codeOf(e);
    const message = messageOf(e);
    if (code && isTlsFault(code))
      return `TLS handshake failed: ${tlsReason(message)}`;
    if (code === 'ECONNRESET' && /socket hang up/.test(message))
      return 'connection closed before an answer (socket hang up)';
    // the clients' own deadline says how long it waited
    if (code === 'ETIMEDOUT' && /^no answer within /.test(message))
      return message;
    if (code && NETWORK_FAULTS[code]) return NETWORK_FAULTS[code];
    if ((e as Error).name === 'TimeoutError') return 'no answer in time';
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `scheme://user:password@host` → `scheme://host`, anywhere in a text. */
export function withoutUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1');
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** What went wrong where, before any detail: `Cluster 'prod' (https://…) is unreachable`. */
interface Headline {
  category: ErrorCategory;
  headline: string;
  detail?: string;
}

function clusterName(places: FailurePlaces, server?: string): string {
  const where = places.cluster?.server ?? server;
  return `Cluster '${places.cluster?.name ?? 'unknown'}'${
    where ? ` (${where})` : ''
  }`;
}

function clusterFault(
  error: unknown,
  places: FailurePlaces,
): Headline | undefined {
  if (error instanceof KubeConnectionError)
    return {
      category: 'cluster-unreachable',
      headline: `${clusterName(places, error.server)} is unreachable`,
      detail: describeNetworkFault(error) ?? error.message,
    };
  if (error instanceof KubeConfigError)
    return {
      category: 'configuration',
      headline: `${clusterName(places)} cannot be used`,
      detail: error.message,
    };
  // the apply stage keeps a dry-run's refusal as a plain { status, message }
  const status =
    error instanceof KubeApiError || !(error instanceof Error)
      ? (error as { status?: unknown } | undefined)?.status
      : undefined;
  const detail = messageOf((error as { message?: unknown })?.message ?? error);
  if (status === 401)
    return {
      category: 'unauthorized',
      headline: `${clusterName(places)} refused the credentials (HTTP 401)`,
      detail,
    };
  if (status === 403)
    return {
      category: 'forbidden',
      headline: `${clusterName(places)} denied access (HTTP 403)`,
      detail,
    };
  if (!(error instanceof KubeApiError)) return undefined;
  if (status === 502 || status === 503)
    return {
      category: 'cluster-unreachable',
      headline: `${clusterName(places)} is unavailable (HTTP ${status})`,
      detail,
    };
  return {
    category: 'unknown',
    headline: `${clusterName(places)} answered HTTP ${status}`,
    detail,
  };
}

function sourceFault(error: SourceError, places: FailurePlaces): Headline {
  const host = hostOf(places.repoUrl) ?? '(unknown)';
  const repository = places.repoUrl ? ` (repository ${places.repoUrl})` : '';
  if (error.reason === 'unreachable')
    return {
      category: 'git-unreachable',
      headline: `Git host ${host} is unreachable${repository}`,
      detail:
        describeNetworkFault(error.cause) ??
        (error.status ? `it answered HTTP ${error.status}` : error.message),
    };
  if (error.reason === 'refused')
    return error.status === 403
      ? {
          category: 'forbidden',
          headline: `Git host ${host} denied access to ${places.repoUrl} (HTTP 403)`,
        }
      : {
          category: 'unauthorized',
          headline: `Git host ${host} refused the credentials for ${
            places.repoUrl
          } (HTTP ${error.status ?? 401})`,
        };
  return { category: 'source', headline: error.message };
}

function headlineOf(error: unknown, places: FailurePlaces): Headline {
  const cluster = clusterFault(error, places);
  if (cluster) return cluster;
  if (error instanceof SourceError) return sourceFault(error, places);
  if (error instanceof RendererUnavailableError)
    return {
      category: 'renderer-unavailable',
      headline: `Renderer ${error.binary} is unavailable`,
      detail: error.reason,
    };
  if (error instanceof RenderError)
    return { category: 'render', headline: error.message };
  if (error instanceof ValidationError)
    return { category: 'validation', headline: error.message };
  if (error instanceof ConfigurationError)
    return { category: 'configuration', headline: error.message };
  // InputError: the repository URL is malformed, carries credentials or matches no integration
  if ((error as Error | undefined)?.name === 'InputError') {
    const message = messageOf(error);
    const repository = places.repoUrl && withoutUrlCredentials(places.repoUrl);
    return {
      category: 'configuration',
      headline:
        repository && !message.includes(repository)
          ? `${message} (repository ${repository})`
          : message,
    };
  }
  return { category: 'unknown', headline: messageOf(error) };
}

/**
 * Sorts a reconcile's failure into a category and says where it happened: the cluster with its
 * server URL, the Git host with the repository, the renderer binary. Never throws; URL
 * credentials never reach the message.
 */
export function classifyFailure(
  error: unknown,
  places: FailurePlaces,
): ClassifiedFailure {
  const { category, headline, detail } = headlineOf(error, places);
  return {
    category,
    message: withoutUrlCredentials(
      detail ? `${headline}: ${detail}` : headline,
    ),
  };
}

/**
 * A failed apply: the cluster's fault (unreachable, credentials, RBAC) comes first when the first
 * error was one, then the apply stage's own words naming the object and its file.
 */
export function classifyApplyFailure(
  message: string,
  cause: unknown,
  places: FailurePlaces,
): ClassifiedFailure {
  const cluster = cause === undefined ? undefined : clusterFault(cause, places);
  if (!cluster || cluster.category === 'unknown')
    return { category: 'apply', message: withoutUrlCredentials(message) };
  const fault =
    cluster.category === 'cluster-unreachable' && cluster.detail
      ? `${cluster.headline}: ${cluster.detail}`
      : cluster.headline;
  return {
    category: cluster.category,
    message: withoutUrlCredentials(`${fault}. ${message}`),
  };
}
