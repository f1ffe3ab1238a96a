// One retry policy for every method, POST and PATCH included: truncated exponential backoff with
// full jitter, and the server's Retry-After when it sends one. gaxios's own retry is switched off
// per call (client.ts) so this is the only policy in play.

import { systemClock, type Clock } from "./clock";
import { DEFAULT_RETRY, type RetryConfig } from "./defaults";

/** What the policy needs to know about a failure. */
export interface FailureVerdict {
  readonly retryable: boolean;
  /** Server-requested wait (Retry-After or RetryInfo), already converted to ms from now. */
  readonly retryAfterMs?: number;
  /** Short label for progress lines, e.g. "503 UNAVAILABLE" or "ECONNRESET". */
  readonly label: string;
}

export interface RetryEvent {
  /** The attempt that failed (1-based). */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly delayMs: number;
  readonly label: string;
  readonly honouredRetryAfter: boolean;
}

export interface RetryDeps {
  readonly config?: RetryConfig;
  readonly clock?: Clock;
  /** Uniform in [0, 1). */
  readonly random?: () => number;
  readonly onRetry?: (event: RetryEvent) => void;
}

/** Backoff ceiling before retry number `retry` (1-based), truncated at maxDelayMs. */
export function backoffCeilingMs(config: RetryConfig, retry: number): number {
  const raw = config.initialDelayMs * Math.pow(config.multiplier, retry - 1);
  return Math.min(config.maxDelayMs, raw);
}

/** The delay before retry number `retry`, or undefined when the policy gives up. */
export function retryDelayMs(
  config: RetryConfig,
  retry: number,
  verdict: FailureVerdict,
  random: () => number,
): number | undefined {
  if (!verdict.retryable || retry >= config.maxAttempts) return undefined;
  if (verdict.retryAfterMs !== undefined) {
    // A server that asks for longer than we are willing to wait gets its error surfaced instead.
    if (verdict.retryAfterMs > config.maxRetryAfterMs) return undefined;
    return Math.max(0, verdict.retryAfterMs);
  }
  const ceiling = backoffCeilingMs(config, retry);
  return config.jitter === "full" ? Math.floor(random() * ceiling) : ceiling;
}

/** Parses Retry-After (delta-seconds or an HTTP date) into ms from `nowMs`. */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Parses a google.protobuf.Duration in JSON form ("1.5s") into ms. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the policy gives up.
 * The last error is rethrown unchanged, decorated by the caller (see errors.ts).
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  classify: (error: unknown, nowMs: number) => FailureVerdict,
  deps: RetryDeps = {},
): Promise<{ value: T; attempts: number }> {
  const config = deps.config ?? DEFAULT_RETRY;
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const started = clock.now();
  for (let n = 1; ; n++) {
    try {
      return { value: await attempt(n), attempts: n };
    } catch (error) {
      const verdict = classify(error, clock.now());
      const delayMs = retryDelayMs(config, n, verdict, random);
      const late = delayMs !== undefined && clock.now() + delayMs - started > config.maxElapsedMs;
      if (delayMs === undefined || late) throw new RetryExhausted(error, n);
      deps.onRetry?.({
        attempt: n,
        maxAttempts: config.maxAttempts,
        delayMs,
        label: verdict.label,
        honouredRetryAfter: verdict.retryAfterMs !== undefined,
      });
      await clock.sleep(delayMs);
    }
  }
}

/** Carries the final error and how many attempts were made; unwrapped by the caller. */
export class RetryExhausted {
  constructor(
    readonly error: unknown,
    readonly attempts: number,
  ) {}
}
