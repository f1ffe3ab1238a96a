// Rolling-window rate limits as Google documents them for Chat. A call is admitted only if every
// bucket it touches has room; rejected calls consume nothing.
import { ApiError } from "./errors";
import { Rpc } from "./scopes";

export interface QuotaLimit {
  limit: number;
  windowMs: number;
}

export interface QuotaConfig {
  enabled: boolean;
  /** members.create, members.delete and (UNCONFIRMED which quota) members.patch. */
  membershipWritesPerProject: QuotaLimit;
  /** members.get, members.list. */
  membershipReadsPerProject: QuotaLimit;
  /** spaces.get, members.get, members.list, shared by every caller of the space. */
  spaceReadsPerSpace: QuotaLimit;
  /** spaces.setup, create, patch and delete. */
  spaceWritesPerProject: QuotaLimit;
}

export const DEFAULT_QUOTAS: QuotaConfig = {
  enabled: true,
  membershipWritesPerProject: { limit: 300, windowMs: 60_000 },
  membershipReadsPerProject: { limit: 3000, windowMs: 60_000 },
  // Google's limits page (corrected 2026-12): 900 per 60 s per space, no longer 15 per second.
  spaceReadsPerSpace: { limit: 900, windowMs: 60_000 },
  spaceWritesPerProject: { limit: 60, windowMs: 60_000 },
};

type Bucket = Exclude<keyof QuotaConfig, "enabled">;

const LABEL: Record<Bucket, [metric: string, limit: string]> = {
  membershipWritesPerProject: ["Membership write requests", "per minute per project"],
  membershipReadsPerProject: ["Membership read requests", "per minute per project"],
  spaceReadsPerSpace: ["Space read requests", "per minute per space"],
  spaceWritesPerProject: ["Space write requests", "per minute per project"],
};

const BUCKETS_BY_RPC: Partial<Record<Rpc, Bucket[]>> = {
  "spaces.members.create": ["membershipWritesPerProject"],
  "spaces.members.delete": ["membershipWritesPerProject"],
  "spaces.members.patch": ["membershipWritesPerProject"],
  "spaces.members.get": ["membershipReadsPerProject", "spaceReadsPerSpace"],
  "spaces.members.list": ["membershipReadsPerProject", "spaceReadsPerSpace"],
  "spaces.get": ["spaceReadsPerSpace"],
  "spaces.setup": ["spaceWritesPerProject"],
  "spaces.create": ["spaceWritesPerProject"],
  "spaces.patch": ["spaceWritesPerProject"],
  "spaces.delete": ["spaceWritesPerProject"],
  // UNCONFIRMED: search counts as a per-project space read (Google lists "space read requests").
  "spaces.search": ["membershipReadsPerProject"],
};

/** Timestamps of admitted calls in one window, oldest first. */
class Window {
  private times: number[] = [];
  private head = 0;
  prune(now: number, windowMs: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= now - windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
  get count(): number {
    return this.times.length - this.head;
  }
  oldest(): number | undefined {
    return this.times[this.head];
  }
  push(t: number): void {
    this.times.push(t);
  }
}

export function mergeQuotas(base: QuotaConfig, patch: Partial<QuotaConfig>): QuotaConfig {
  const out = { ...base };
  for (const [k, v] of Object.entries(patch) as [keyof QuotaConfig, unknown][]) {
    if (v === undefined) continue;
    if (k === "enabled") out.enabled = Boolean(v);
    else out[k] = { ...base[k], ...(v as Partial<QuotaLimit>) };
  }
  return out;
}

export class QuotaTracker {
  private windows = new Map<string, Window>();
  constructor(public config: QuotaConfig) {}

  reset(): void {
    this.windows.clear();
  }

  /** Admits the call or throws 429; `space` is the bare space id when the call targets one. */
  admit(
    rpc: Rpc,
    project: { id: string; number: string },
    space: string | undefined,
    now: number,
    retryAfterHeader: boolean,
  ): void {
    if (!this.config.enabled) return;
    const buckets = BUCKETS_BY_RPC[rpc];
    if (!buckets) return;
    const hits: [Window, QuotaLimit][] = [];
    for (const b of buckets) {
      const perSpace = b === "spaceReadsPerSpace";
      if (perSpace && !space) continue;
      const key = `${b}|${perSpace ? space : project.id}`;
      let w = this.windows.get(key);
      if (!w) {
        w = new Window();
        this.windows.set(key, w);
      }
      const lim = this.config[b];
      w.prune(now, lim.windowMs);
      if (w.count >= lim.limit) {
        const waitMs = (w.oldest() ?? now) + lim.windowMs - now;
        const [metric, per] = LABEL[b];
        const consumer = perSpace ? `spaces/${space}` : `project_number:${project.number}`;
        throw new ApiError(
          "RESOURCE_EXHAUSTED",
          `Quota exceeded for quota metric '${metric}' and limit '${metric} ${per}' of service 'chat.googleapis.com' for consumer '${consumer}'.`,
          "RATE_LIMIT_EXCEEDED",
          {
            consumer,
            quota_metric: `chat.googleapis.com/${b}`,
            quota_limit: b,
            quota_limit_value: String(lim.limit),
          },
          429,
          // UNCONFIRMED that Google sends Retry-After on Chat 429s; switchable off.
          retryAfterHeader ? { "Retry-After": String(Math.max(1, Math.ceil(waitMs / 1000))) } : {},
        );
      }
      hits.push([w, lim]);
    }
    for (const [w] of hits) w.push(now);
  }
}
