// The request log and per-method counters (benchmarks count API calls with them).

export interface LoggedRequest {
  time: string;
  method: string;
  path: string;
  query: Record<string, string>;
  rpc?: string;
  status: number;
  principal?: string;
  project?: string;
  /** Set when an injected fault shaped the answer. */
  fault?: string;
  /** The JSON body sent, when response recording is on (control recordResponses). */
  response?: unknown;
}

export interface RpcCounter {
  total: number;
  byStatus: Record<string, number>;
}

/** Bounded so a long benchmark cannot grow the log without limit. */
const MAX_ENTRIES = 200_000;

export class RequestLog {
  /** Keep response bodies in the log (tests validate them against the API schema). */
  recordResponses = false;
  private entries: LoggedRequest[] = [];
  private counters: Record<string, RpcCounter> = {};

  record(e: LoggedRequest): void {
    if (this.entries.length >= MAX_ENTRIES) this.entries.splice(0, MAX_ENTRIES / 10);
    this.entries.push(e);
    const key = e.rpc ?? "unknown";
    const c = (this.counters[key] ??= { total: 0, byStatus: {} });
    c.total++;
    c.byStatus[e.status] = (c.byStatus[e.status] ?? 0) + 1;
  }

  list(): LoggedRequest[] {
    return this.entries;
  }

  counts(): Record<string, RpcCounter> {
    return this.counters;
  }

  reset(): void {
    this.entries = [];
    this.counters = {};
  }
}
