export { startLocalGitServer } from './server';
export type {
  LocalGitServer,
  LocalGitServerOptions,
  RequestLogEntry,
} from './types';
export type { GitServerAuth } from './auth';
export type { FaultControl, FaultMode, FaultOptions } from './faults';
export type { LogEntry } from './repoStore';
export type { CommitOptions, FileChange, FileContents } from './repoWrite';
