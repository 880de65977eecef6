import type { GitServerAuth } from './auth';
import type { FaultControl } from './faults';
import type { LogEntry } from './repoStore';
import type { CommitOptions, FileChange, FileContents } from './repoWrite';

export interface LocalGitServerOptions {
  /** Where bare repositories live; default: a fresh temp folder, removed on stop. */
  rootDir?: string;
  /** Default 0: a free port chosen by the system. */
  port?: number;
  /**
   * Optional credentials. `{ token }` accepts `Authorization: Bearer <token>` or
   * Basic auth with the token as password (any username). Anything else is
   * answered 401 with a WWW-Authenticate challenge.
   */
  auth?: GitServerAuth;
  /** Default true: a push or fetch to a missing repository creates it (bare, branch main). */
  autoCreate?: boolean;
}

export interface RequestLogEntry {
  /** Arrival time, milliseconds since the epoch. */
  time: number;
  method: string;
  path: string;
  /** `git-upload-pack` or `git-receive-pack` when the request is about one. */
  service?: string;
  /** HTTP status sent; 0 when the connection was cut before a response. */
  status: number;
}

export interface LocalGitServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Folder holding the bare repositories (`<rootDir>/<name>.git`). */
  rootDir: string;
  /** `${url}/${name}.git`; names may contain '/', e.g. `team/app-config`. */
  repoUrl(name: string): string;
  /** Empty bare repository with HEAD -> refs/heads/main (no-op if it already exists). */
  createRepo(name: string): Promise<void>;
  /** Creates the repository if missing and commits `files` as the full tree; returns the SHA. */
  seedRepo(
    name: string,
    files: FileContents | { fromDir: string },
    opts?: Omit<CommitOptions, 'date'>,
  ): Promise<string>;
  /** Adds one commit on top of the branch; returns the SHA. */
  commit(
    name: string,
    change: FileChange,
    opts?: CommitOptions,
  ): Promise<string>;
  /** Commit SHA of `branch` (default: HEAD); rejects when there is none. */
  headSha(name: string, branch?: string): Promise<string>;
  /** File content at `ref` (default HEAD), or undefined when the path is absent. */
  readFile(
    name: string,
    path: string,
    ref?: string,
  ): Promise<string | undefined>;
  /** Commits of `branch` (default: HEAD), newest first. */
  log(name: string, branch?: string): Promise<LogEntry[]>;
  faults: FaultControl;
  requestLog: RequestLogEntry[];
  stop(): Promise<void>;
}
