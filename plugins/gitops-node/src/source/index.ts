export {
  configuredIntegrations,
  integrationFor,
  credentialsFor,
} from './credentials';
export type { GitCredentials } from './credentials';
export { createGitHttpClient, SourceError } from './gitHttpClient';
