export type { KubeObject, ManagedFieldsEntry, ApplyConflict } from './types';
export { PatchError } from './patchError';
export { applyJsonPatch } from './jsonPatch';
export { applyMergePatch } from './mergePatch';
export { applyStrategicMergePatch } from './strategicMergePatch';
export { serverSideApply } from './serverSideApply';
export type {
  ServerSideApplyInput,
  ServerSideApplyResult,
} from './serverSideApply';
export { trackUpdate } from './trackUpdate';
export type { TrackUpdateInput } from './trackUpdate';
export { applyConflictStatus } from './conflictStatus';
export { FieldSet, pathToString } from './fieldSet';
export type { FieldPath, PathElement } from './fieldSet';
