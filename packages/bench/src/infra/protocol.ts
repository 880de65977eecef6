/** Messages between a scenario process and the infrastructure process it forked. */

/** The Git server asks for these, as a private repository host would; the engine's integration config carries them. */
export const GIT_AUTH = { username: 'gitops', password: 'bench-password' };

export interface InfraInfo {
  /**
   * The run's Kubernetes cluster, seen through this scenario's fault proxy (everything the engine
   * and kubectl send is in its request log). `kubeconfig` is a file for kubectl with the same
   * server, CA and token.
   */
  kube: {
    url: string;
    caData: string;
    token: string;
    kubeconfig: string;
    /** The API server's release, e.g. v1.34.4. */
    version: string;
    /** Whether the API server's process was found on this machine (its CPU is then measured). */
    apiServerCpu: boolean;
  };
  git: { url: string; rootDir: string };
}

/**
 * The fault proxy's request log in counts (the infrastructure process answers with these, so
 * whole logs never cross the process boundary).
 */
export interface KubeLogSummary {
  total: number;
  /** Non-dry-run create/update/patch/apply/delete requests. */
  writes: number;
  dryRuns: number;
  /** `verb` (with `+dryRun` for dry runs), e.g. `{ get: 20, list: 6, "apply+dryRun": 2 }`. */
  byVerb: Record<string, number>;
  /** Requests by field manager (`-` when none was given). */
  writesByManager: Record<string, number>;
}

export interface GitLogSummary {
  total: number;
  /** `GET info/refs`, `POST git-upload-pack`, … */
  byKind: Record<string, number>;
}

export interface WaitForValue {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  /** Dotted path inside the object, e.g. `data.revision`. */
  path: string;
  value: string;
  timeoutMs: number;
}

export type InfraCommand =
  | { cmd: 'info' }
  | { cmd: 'kube.summary'; clear?: boolean }
  | { cmd: 'kube.clear' }
  /** Resolves with the namespace's name in the cluster: `name` behind this scenario's unique prefix. */
  | { cmd: 'kube.createNamespace'; name: string }
  | { cmd: 'kube.count'; apiVersion: string; kind: string; namespace?: string }
  /** Resolves with the epoch time (ms, fractional) when the value was first seen. */
  | { cmd: 'kube.waitFor'; spec: WaitForValue }
  | { cmd: 'git.seed'; repo: string; files: Record<string, string> }
  | { cmd: 'git.commit'; repo: string; write: Record<string, string> }
  | { cmd: 'git.summary'; clear?: boolean }
  /** CPU so far of the API server's process (kube-apiserver), when it runs on this machine. */
  | { cmd: 'cpu' }
  | { cmd: 'stop' };

export interface InfraRequest {
  id: number;
  command: InfraCommand;
}

export interface InfraResponse {
  id: number;
  result?: unknown;
  error?: string;
}

/** CPU time of a process in milliseconds (user + system); NaN when it cannot be measured. */
export interface CpuSample {
  userMs: number;
  systemMs: number;
}
