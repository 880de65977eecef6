/**
 * What several GitOps backend packages share: the repository descriptor, the render and validate
 * stages, the Kubernetes object vocabulary and Git access. The backend plugin syncs with it; the
 * scaffolder module checks the repositories it writes with exactly the same code.
 *
 * @packageDocumentation
 */

export * from './objects';
export * from './descriptor';
export * from './render';
export * from './validate';
export * from './source';
