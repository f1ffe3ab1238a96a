// Client-side quota pacing, shaped like Chat's quotas: "N requests per window" per project and per
// space.
//
// Why a rolling window and not a refilling token bucket: Chat lets a project spend its whole quota
// at once and then counts events in the trailing window. A bucket refilling at N/window would
// spread 1,000 writes evenly (one every 200 ms at 300/60 s: 200 s), while the quota itself allows
// 300 at t=0, 300 at t=60 s, 300 at t=120 s and 100 at t=180 s (180 s). Tracking the send times of
// the last N events and waiting until the oldest has left the window (plus a small margin for
// request latency) uses the full burst and never exceeds the server's count. When other callers
// share the project quota a 429 can still arrive; the retry policy backs off from it.

import { systemClock, type Clock } from "./clock";
import { DEFAULT_QUOTAS, type QuotaConfig, type WindowQuota } from "./defaults";

/** N events per rolling window. */
export class RollingWindow {
  /** Send times, oldest first; only those still inside the window (+ margin) are kept. */
  private readonly events: number[] = [];

  constructor(readonly quota: WindowQuota) {
    if (!(quota.limit >= 1) || !(quota.windowMs > 0) || !(quota.safetyMarginMs >= 0)) {
      throw new RangeError(
        `invalid quota ${JSON.stringify(quota)}: limit >= 1, windowMs > 0, safetyMarginMs >= 0`,
      );
    }
  }

  private get spanMs(): number {
    return this.quota.windowMs + this.quota.safetyMarginMs;
  }

  private prune(now: number): void {
    while (this.events.length > 0 && (this.events[0] as number) + this.spanMs <= now) {
      this.events.shift();
    }
  }

  /** 0 when an event may be sent at `now`, else the ms to wait before trying again. */
  waitMs(now: number): number {
    this.prune(now);
    if (this.events.length < this.quota.limit) return 0;
    const oldestThatBlocks = this.events[this.events.length - this.quota.limit] as number;
    return oldestThatBlocks + this.spanMs - now;
  }

  record(now: number): void {
    this.events.push(now);
  }

  /** Events currently counted (for tests and progress output). */
  inWindow(now: number): number {
    this.prune(now);
    return this.events.length;
  }
}

export type QuotaKey =
  | { readonly kind: "membershipWrites" }
  | { readonly kind: "membershipReads" }
  | { readonly kind: "spaceWrites" }
  | { readonly kind: "spaceReads"; readonly space: string };

/** Pacer for all quotas of one project; keep one per process and share it between clients. */
export class Pacer {
  private readonly windows = new Map<string, RollingWindow>();

  constructor(
    readonly quotas: QuotaConfig = DEFAULT_QUOTAS,
    private readonly clock: Clock = systemClock,
  ) {}

  private window(key: QuotaKey): RollingWindow {
    const id = key.kind === "spaceReads" ? `spaceReads:${key.space}` : key.kind;
    let w = this.windows.get(id);
    if (!w) {
      w = new RollingWindow(this.quotas[key.kind]);
      this.windows.set(id, w);
    }
    return w;
  }

  /**
   * Resolves when one event may be sent under every given quota, and records it in each.
   * Check-and-record happens in one synchronous step, so concurrent callers never overbook.
   */
  async acquire(keys: readonly QuotaKey[]): Promise<void> {
    const windows = keys.map((k) => this.window(k));
    for (;;) {
      const now = this.clock.now();
      const waitMs = Math.max(0, ...windows.map((w) => w.waitMs(now)));
      if (waitMs === 0) {
        for (const w of windows) w.record(now);
        return;
      }
      await this.clock.sleep(waitMs);
    }
  }

  inWindow(key: QuotaKey): number {
    return this.window(key).inWindow(this.clock.now());
  }
}

let shared: Pacer | undefined;

/** The process-wide pacer with the documented quotas (one provider process = one project). */
export function sharedPacer(): Pacer {
  shared ??= new Pacer();
  return shared;
}
