// Injected faults: the next N requests matching a rule fail with a status, are delayed, or lose
// their connection. `phase: "after"` lets the request take effect first and then loses the answer
// (the case that makes retried writes see ALREADY_EXISTS / NOT_FOUND).

export interface FaultSpec {
  rpc?: string;
  method?: string;
  /** Regular expression matched against the URL path. */
  path?: string;
  /** Let this many matching requests pass before the fault starts. */
  after?: number;
  /** How many matching requests the fault hits. */
  count: number;
  /** Respond with this HTTP status in Google's error format. */
  status?: number;
  delayMs?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** "before" (default): the request never takes effect. "after": it does, the answer is lost. */
  phase?: "before" | "after";
}

interface Armed extends FaultSpec {
  re?: RegExp;
  passed: number;
  hit: number;
}

export class FaultTable {
  private rules: Armed[] = [];

  add(spec: FaultSpec): void {
    if (!Number.isInteger(spec.count) || spec.count < 1) {
      throw new Error(`fault.count must be a positive integer, got ${String(spec.count)}`);
    }
    if (spec.status === undefined && !spec.drop && spec.delayMs === undefined) {
      throw new Error("a fault needs status, delayMs or drop");
    }
    this.rules.push({
      ...spec,
      ...(spec.path ? { re: new RegExp(spec.path) } : {}),
      passed: 0,
      hit: 0,
    });
  }

  clear(): void {
    this.rules = [];
  }

  get size(): number {
    return this.rules.length;
  }

  /** The fault for this request, if any (consumes one hit). */
  take(rpc: string | undefined, method: string, path: string): FaultSpec | undefined {
    for (const r of this.rules) {
      if (r.rpc !== undefined && r.rpc !== rpc) continue;
      if (r.method !== undefined && r.method.toUpperCase() !== method) continue;
      if (r.re && !r.re.test(path)) continue;
      if (r.passed < (r.after ?? 0)) {
        r.passed++;
        continue;
      }
      r.hit++;
      if (r.hit >= r.count) this.rules = this.rules.filter((x) => x !== r);
      return r;
    }
    return undefined;
  }
}
