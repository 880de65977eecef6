/** One reason an object cannot be synced. @public */
export interface ValidationProblem {
  /** Where the object came from (file path or `kustomize:<dir>`). */
  source: string;
  /** Kind of the object, when it has one. */
  kind?: string;
  /** Namespace of the object, when it has one. */
  namespace?: string;
  /** Name of the object, when it has one. */
  name?: string;
  /** What is wrong, in words. */
  problem: string;
}

/** `<source>: <Kind> <ns>/<name>: <problem>` (namespace omitted for cluster-scoped objects). @public */
export function formatProblem(p: ValidationProblem): string {
  let id = p.name ?? '(unnamed)';
  if (p.name && p.namespace) id = `${p.namespace}/${p.name}`;
  return `${p.source}: ${p.kind ?? '(no kind)'} ${id}: ${p.problem}`;
}

/** Every problem found in a rendered set; the sync stops before a single write. @public */
export class ValidationError extends Error {
  /** Every problem found in the rendered set. */
  readonly problems: ValidationProblem[];

  constructor(problems: ValidationProblem[]) {
    super(
      `${problems.length} manifest problem${
        problems.length === 1 ? '' : 's'
      }:\n${problems.map(formatProblem).join('\n')}`,
    );
    this.name = 'ValidationError';
    this.problems = problems;
  }
}
