export { compareResource } from './compareResource';
export type { CompareInput, CompareResult } from './compareResource';
export {
  normalizeForDiff,
  ruleMatches,
  LAST_APPLIED_ANNOTATION,
} from './normalize';
export type { IgnoreRule } from './normalize';
export { maskPair, maskSecret, isSecret } from './mask';
export { changedFields } from './changedFields';
export { parsePointer, removeAtPointer } from './jsonPointer';
