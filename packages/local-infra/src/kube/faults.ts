import type { Verb } from './types';

export type FaultKind = 'latency' | 'status429' | 'status500' | 'reset';

export interface FaultSpec {
  verb?: Verb;
  pathPattern?: RegExp;
  kind: FaultKind;
  latencyMs?: number;
  retryAfterSeconds?: number;
  /** Chance (0..1) that a matching request is hit; default 1. */
  probability?: number;
  /** Hit at most this many requests, then the fault removes itself. */
  times?: number;
}

export interface FaultInjector {
  add(spec: FaultSpec): string;
  remove(id: string): void;
  clear(): void;
}

interface ActiveFault extends FaultSpec {
  id: string;
  hits: number;
}

/** Faults by verb and path; `pick` returns the faults that hit one request (latency first, then at most one failure). */
export class Faults implements FaultInjector {
  private faults: ActiveFault[] = [];
  private seq = 0;

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: FaultSpec): string {
    const id = `fault-${++this.seq}`;
    this.faults.push({ ...spec, id, hits: 0 });
    return id;
  }

  remove(id: string): void {
    this.faults = this.faults.filter(f => f.id !== id);
  }

  clear(): void {
    this.faults = [];
  }

  pick(verb: Verb, path: string): FaultSpec[] {
    const hit: FaultSpec[] = [];
    for (const f of [...this.faults]) {
      if (f.verb && f.verb !== verb) continue;
      if (f.pathPattern) {
        f.pathPattern.lastIndex = 0;
        if (!f.pathPattern.test(path)) continue;
      }
      if (f.kind !== 'latency' && hit.some(h => h.kind !== 'latency')) continue;
      if (this.random() >= (f.probability ?? 1)) continue;
      f.hits++;
      if (f.times !== undefined && f.hits >= f.times) this.remove(f.id);
      hit.push(f);
    }
    return hit.sort(
      (a, b) => Number(b.kind === 'latency') - Number(a.kind === 'latency'),
    );
  }
}
