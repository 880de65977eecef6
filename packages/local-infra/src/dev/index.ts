export {
  startDevelopmentInfrastructure,
  DEV_GIT_CREDENTIALS,
} from './startDevelopmentInfrastructure';
export type { DevelopmentInfrastructure } from './startDevelopmentInfrastructure';
export {
  localGitUrlReader,
  localGitUrlReaderFactory,
} from './localGitUrlReader';
