import fc from "fast-check";
import { DEFAULT_RETRY, type RetryConfig } from "../../../provider/api/defaults";
import { classifyFailure } from "../../../provider/api/errors";
import {
  backoffCeilingMs,
  parseDuration,
  parseRetryAfter,
  retryDelayMs,
  RetryExhausted,
  withRetry,
} from "../../../provider/api/retry";
import { FakeClock } from "./fake-clock";

/** A failure shaped like a GaxiosError with a response. */
function httpError(status: number, headers: Record<string, string> = {}, data?: unknown) {
  return Object.assign(new Error(`HTTP ${status}`), {
    config: { url: "https://chat.googleapis.com/v1/spaces/AAA/members", method: "POST" },
    response: { status, headers: new Headers(headers), data },
  });
}

/** A failure shaped like fetch's: TypeError("fetch failed") caused by a socket error. */
function networkError(code: string | undefined, message = "socket error") {
  const socket = Object.assign(new Error(message), code ? { code } : {});
  return Object.assign(new Error("request failed"), {
    config: { url: "x" },
    cause: new TypeError("fetch failed", { cause: socket }),
  });
}

const fast: RetryConfig = { ...DEFAULT_RETRY, initialDelayMs: 100, maxDelayMs: 1_000 };

async function run(failures: unknown[], config: RetryConfig = fast, random = () => 0.5) {
  const clock = new FakeClock();
  let calls = 0;
  const p = withRetry(
    async () => {
      const f = failures[calls++];
      if (f !== undefined) throw f;
      return "ok";
    },
    (e, now) => classifyFailure(e, now, config),
    { config, clock, random },
  ).then(
    (r) => ({ ok: true as const, ...r }),
    (e: unknown) => ({ ok: false as const, e }),
  );
  await clock.runAll();
  return { result: await p, calls: () => calls, sleeps: clock.sleeps };
}

describe("retry policy", () => {
  it("retries retryable statuses and network failures until success, POST included", async () => {
    const { result, sleeps } = await run([
      httpError(503),
      httpError(500),
      networkError("ECONNRESET"),
      networkError(undefined, "other side closed"),
      httpError(429),
    ]);
    expect(result).toMatchObject({ ok: true, value: "ok", attempts: 6 });
    expect(sleeps).toHaveLength(5);
  });

  it("fails at once on non-retryable statuses", async () => {
    for (const status of [400, 401, 403, 404, 409]) {
      const { result, calls, sleeps } = await run([httpError(status)]);
      expect(result.ok).toBe(false);
      expect(calls()).toBe(1);
      expect(sleeps).toEqual([]);
    }
  });

  it("does not retry an unknown network failure (e.g. DNS)", async () => {
    const { result, calls } = await run([networkError("ENOTFOUND")]);
    expect(result.ok).toBe(false);
    expect(calls()).toBe(1);
  });

  it("stops after maxAttempts and reports how many were made", async () => {
    const config = { ...fast, maxAttempts: 4 };
    const { result, calls } = await run(Array(10).fill(httpError(503)), config);
    expect(calls()).toBe(4);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.e).toBeInstanceOf(RetryExhausted);
      expect((result.e as RetryExhausted).attempts).toBe(4);
    }
  });

  it("honours Retry-After in seconds instead of the backoff", async () => {
    const { result, sleeps } = await run([httpError(429, { "retry-after": "7" })]);
    expect(result.ok).toBe(true);
    expect(sleeps).toEqual([7_000]);
  });

  it("honours Retry-After as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("1.5", now)).toBe(1_500);
  });

  it("honours google.rpc.RetryInfo when there is no Retry-After", async () => {
    const body = {
      error: {
        code: 429,
        status: "RESOURCE_EXHAUSTED",
        details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "2.5s" }],
      },
    };
    const { sleeps } = await run([httpError(429, {}, body)]);
    expect(sleeps).toEqual([2_500]);
    expect(parseDuration("3s")).toBe(3_000);
  });

  it("gives up when Retry-After exceeds the longest wait it accepts", async () => {
    const { result, calls } = await run([httpError(503, { "retry-after": "3600" })]);
    expect(result.ok).toBe(false);
    expect(calls()).toBe(1);
  });

  it("full jitter keeps every delay within [0, truncated exponential ceiling)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, r) => {
          const config = { ...DEFAULT_RETRY, maxAttempts: 100 };
          const d = retryDelayMs(config, retry, { retryable: true, label: "503" }, () => r);
          const ceiling = Math.min(
            config.maxDelayMs,
            config.initialDelayMs * config.multiplier ** (retry - 1),
          );
          expect(backoffCeilingMs(config, retry)).toBe(ceiling);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThan(ceiling);
        },
      ),
    );
  });

  it("the ceiling grows exponentially, then is truncated", () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7].map((n) => backoffCeilingMs(DEFAULT_RETRY, n));
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 32_000]);
  });

  it("reports each retry to onRetry", async () => {
    const clock = new FakeClock();
    const events: unknown[] = [];
    let n = 0;
    const p = withRetry(
      async () => {
        if (n++ === 0) throw httpError(503);
        return 1;
      },
      (e, now) => classifyFailure(e, now, fast),
      { config: fast, clock, random: () => 0, onRetry: (e) => events.push(e) },
    );
    await clock.runAll();
    await p;
    expect(events).toEqual([
      {
        attempt: 1,
        maxAttempts: fast.maxAttempts,
        delayMs: 0,
        label: "503 UNAVAILABLE",
        honouredRetryAfter: false,
      },
    ]);
  });
});
