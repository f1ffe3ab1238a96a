// The lower bounds the benchmark report compares against.
import fc from "fast-check";
import { callBound, kFor, listCalls, quotaBoundMs, quotaLine } from "../../bench/lib/bounds";
import { orgCallBound, timeBoundMs } from "../../bench/lib/org-bounds";
import { summarize } from "../../bench/lib/stats";

const WRITES = { limit: 300, windowMs: 60_000 };

describe("quota bound (rolling window)", () => {
  it("is 180 s for 1,000 writes at 300 per 60 s, and 0 within one burst", () => {
    expect(quotaBoundMs(1000, WRITES)).toBe(180_000);
    expect(quotaBoundMs(300, WRITES)).toBe(0);
    expect(quotaBoundMs(301, WRITES)).toBe(60_000);
    expect(quotaBoundMs(0, WRITES)).toBe(0);
  });

  it("the quota line reaches n writes exactly at the bound, not before", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 120_000 }),
        (n, limit, windowMs) => {
          const q = { limit, windowMs };
          const b = quotaBoundMs(n, q);
          expect(quotaLine(b, q)).toBeGreaterThanOrEqual(n);
          if (b > 0) expect(quotaLine(b - 1, q)).toBeLessThan(n);
        },
      ),
    );
  });
});

describe("API-call lower bounds", () => {
  it("space members: one list per 1,000 live members, then one write per change", () => {
    expect(listCalls(0)).toBe(1);
    expect(listCalls(1000)).toBe(1);
    expect(listCalls(1001)).toBe(2);
    expect(callBound("spaceMembers", "create", 1000, 1)).toEqual({ reads: 1, writes: 1000 });
    expect(callBound("spaceMembers", "refresh", 1000, 1001)).toEqual({ reads: 2, writes: 0 });
    expect(callBound("spaceMembers", "updateK10pct", 1000, 1001, 100)).toEqual({
      reads: 2,
      writes: 100,
    });
    expect(callBound("spaceMembers", "upNoop", 1000, 1001)).toEqual({ reads: 0, writes: 0 });
  });

  it("N memberships: one list pass serves their reads, one write per resource touched", () => {
    expect(callBound("memberships", "create", 100, 1)).toEqual({ reads: 1, writes: 100 });
    expect(callBound("memberships", "refresh", 100, 101)).toEqual({ reads: 1, writes: 0 });
    expect(callBound("memberships", "refresh", 1000, 1001)).toEqual({ reads: 2, writes: 0 });
    expect(callBound("memberships", "updateK1", 100, 101, 1)).toEqual({ reads: 0, writes: 1 });
    expect(callBound("memberships", "previewNoop", 100, 101)).toEqual({ reads: 0, writes: 0 });
  });

  it("k is 1 and N/10 (at least 1)", () => {
    expect(kFor("updateK1", 1000)).toBe(1);
    expect(kFor("updateK10pct", 1000)).toBe(100);
    expect(kFor("updateK10pct", 5)).toBe(1);
  });
});

describe("org bounds (S spaces × M members)", () => {
  it("calls per method: one token and tokeninfo, a list per space, a write per change", () => {
    expect(orgCallBound("create", 200, 20)).toEqual({
      "oauth.token": 1,
      "oauth.tokeninfo": 1,
      "spaces.members.list": 200,
      "spaces.members.create": 4000,
    });
    expect(orgCallBound("previewRefreshNoop", 40, 100)).toEqual({
      "oauth.token": 1,
      "oauth.tokeninfo": 1,
      "spaces.members.list": 40,
    });
    // 1,000 people and the caller: two pages per space.
    expect(orgCallBound("upRefreshChange", 3, 1000)["spaces.members.list"]).toBe(6);
    expect(orgCallBound("upChange", 3, 5)["spaces.members.patch"]).toBe(3);
  });

  it("time: the floor, then token, list and first write in series, then the quota's wait", () => {
    expect(timeBoundMs(2500, 1000, 50, WRITES)).toBe(2500 + 150 + 180_000);
    expect(timeBoundMs(0, 1000, 50, WRITES, { list: false })).toBe(100 + 180_000);
    expect(timeBoundMs(2500, 0, 50, WRITES)).toBe(2600);
  });
});

describe("summaries", () => {
  it("median and spread", () => {
    expect(summarize([3, 1, 2])).toEqual({ runs: 3, median: 2, min: 1, max: 3 });
    expect(summarize([4, 1, 2, 3])).toEqual({ runs: 4, median: 2.5, min: 1, max: 4 });
    expect(summarize([])).toBeUndefined();
  });
});
