import fc from "fast-check";
import { DEFAULT_QUOTAS } from "../../../provider/api/defaults";
import { Pacer, RollingWindow, type QuotaKey } from "../../../provider/api/pacer";
import { FakeClock } from "./fake-clock";

const WRITE: QuotaKey = { kind: "membershipWrites" };

/** Sends `n` acquisitions concurrently and returns their admission times. */
async function admit(pacer: Pacer, clock: FakeClock, keys: QuotaKey[][]): Promise<number[]> {
  const times: number[] = [];
  const all = Promise.all(keys.map((k) => pacer.acquire(k).then(() => times.push(clock.now()))));
  await clock.runAll();
  await all;
  return times.sort((a, b) => a - b);
}

/** Largest number of times in any half-open window [t, t + windowMs). */
function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[j] as number) >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe("rolling window", () => {
  it("admits the full burst, then waits until the oldest event leaves window + margin", () => {
    const w = new RollingWindow({ limit: 3, windowMs: 1_000, safetyMarginMs: 50 });
    for (const t of [0, 10, 20]) {
      expect(w.waitMs(t)).toBe(0);
      w.record(t);
    }
    expect(w.waitMs(20)).toBe(1_030);
    expect(w.waitMs(1_049)).toBe(1);
    expect(w.waitMs(1_050)).toBe(0);
    expect(w.inWindow(1_050)).toBe(2);
  });

  it("rejects nonsense quotas", () => {
    expect(() => new RollingWindow({ limit: 0, windowMs: 1, safetyMarginMs: 0 })).toThrow(
      RangeError,
    );
  });
});

describe("pacer", () => {
  it("1,000 writes at 300 per 60 s go in bursts at 0, 60, 120, 180 s (+ margins)", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(DEFAULT_QUOTAS, clock);
    const times = await admit(
      pacer,
      clock,
      Array.from({ length: 1_000 }, () => [WRITE]),
    );
    const margin = DEFAULT_QUOTAS.membershipWrites.safetyMarginMs;
    expect(times.filter((t) => t === 0)).toHaveLength(300);
    expect(times.filter((t) => t === 60_000 + margin)).toHaveLength(300);
    expect(times.filter((t) => t === 2 * (60_000 + margin))).toHaveLength(300);
    expect(times.filter((t) => t === 3 * (60_000 + margin))).toHaveLength(100);
    // Within 5% of the quota bound (180 s).
    expect(times[times.length - 1]).toBeLessThanOrEqual(180_000 * 1.05);
  });

  it("never admits more than the limit in any window, for any quotas and arrivals", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 10, max: 5_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 8_000 })), {
          minLength: 1,
          maxLength: 25,
        }),
        async (limit, windowMs, safetyMarginMs, arrivals) => {
          const clock = new FakeClock();
          const spaceWindowMs = Math.ceil(windowMs / 2);
          const pacer = new Pacer(
            {
              membershipWrites: { limit, windowMs, safetyMarginMs },
              membershipReads: { limit: limit + 1, windowMs, safetyMarginMs },
              spaceReads: { limit, windowMs: spaceWindowMs, safetyMarginMs },
              spaceWrites: { limit, windowMs, safetyMarginMs },
            },
            clock,
          );
          const project: number[] = [];
          const bySpace = new Map<number, number[]>();
          const done = Promise.all(
            arrivals.map(async ([space, at]) => {
              await clock.sleep(at);
              await pacer.acquire([
                { kind: "membershipReads" },
                { kind: "spaceReads", space: `s${space}` },
              ]);
              project.push(clock.now());
              bySpace.set(space, [...(bySpace.get(space) ?? []), clock.now()]);
            }),
          );
          await clock.runAll();
          await done;
          expect(project).toHaveLength(arrivals.length);
          expect(
            maxInWindow(
              project.sort((a, b) => a - b),
              windowMs,
            ),
          ).toBeLessThanOrEqual(limit + 1);
          for (const times of bySpace.values()) {
            const sorted = times.sort((a, b) => a - b);
            expect(maxInWindow(sorted, spaceWindowMs)).toBeLessThanOrEqual(limit);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 30_000);

  it("keys per-space reads by space: one busy space does not slow another", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(DEFAULT_QUOTAS, clock);
    const { limit, windowMs, safetyMarginMs } = DEFAULT_QUOTAS.spaceReads;
    const busy = Array.from({ length: limit + 1 }, () => [
      { kind: "spaceReads", space: "A" } as QuotaKey,
    ]);
    const times = await admit(pacer, clock, [...busy, [{ kind: "spaceReads", space: "B" }]]);
    // The limit of A and the one of B go at once; A's next waits for its window.
    expect(times.filter((t) => t === 0)).toHaveLength(limit + 1);
    expect(times[limit + 1]).toBe(windowMs + safetyMarginMs);
  });
});
