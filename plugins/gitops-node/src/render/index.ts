export { renderManifests } from './renderManifests';
export type { RenderOptions, RenderResult } from './renderManifests';
export { RenderError, RendererUnavailableError } from './errors';
export { DEFAULT_LIMITS } from './limits';
export type { RenderLimits } from './limits';
export { canonicalJson, digestObjects } from './digest';
export { isRemoteReference } from './kustomizeRefs';
export { RenderCache } from './renderCache';
