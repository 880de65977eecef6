/**
 * Types, annotations, permissions and API contracts shared by the GitOps frontend and backend.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './types';
export * from './permissions';
