import type { RenderResult } from './renderManifests';

/**
 * A commit's tree never changes, so neither does what it renders to: drift checks on an unchanged
 * commit reuse the last render instead of walking files or running Kustomize again. Least recently
 * used out first, bounded by the objects held (what costs memory), not by the number of renders,
 * so that a fleet of small applications all stay cached; failures are not cached (they are cheap
 * to repeat and must be retried).
 * @public
 */
export class RenderCache {
  private readonly entries = new Map<string, RenderResult>();
  private objects = 0;

  constructor(private readonly maxObjects = 50_000) {}

  /** The cached render for `key` (a repository, revision and path), or the result of `render`, kept when it fits. */
  async get(
    key: string,
    render: () => Promise<RenderResult>,
  ): Promise<RenderResult> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const result = await render();
    if (result.objects.length > this.maxObjects) return result;
    this.entries.set(key, result);
    this.objects += result.objects.length;
    for (const [oldest, entry] of this.entries) {
      if (this.objects <= this.maxObjects) break;
      this.entries.delete(oldest);
      this.objects -= entry.objects.length;
    }
    return result;
  }

  /** How many renders, and objects in total, the cache holds. */
  get size() {
    return { renders: this.entries.size, objects: this.objects };
  }
}
