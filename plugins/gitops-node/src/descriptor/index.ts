export {
  parseDescriptor,
  applicationsFromDescriptor,
  durationSeconds,
  DescriptorError,
} from './descriptor';
export type { RepositoryDescriptor, EnvironmentDescriptor } from './descriptor';
