export { validateObjects } from './validateObjects';
export type { NamespacePolicy, ScopeLookup } from './validateObjects';
export { ValidationError, formatProblem } from './errors';
export type { ValidationProblem } from './errors';
export type { Scope } from './crdScopes';
export { isDnsLabel, isDnsSubdomain, nameProblem } from './names';
export { formatKind, kindProblem } from './kindPolicy';
export type { KindPattern, KindPolicy, KindRules } from './kindPolicy';
