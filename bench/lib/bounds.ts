// Lower bounds the benchmarks compare against, derived from the API's rules and the emulator's
// quota model (rolling windows: at most `limit` admitted calls in any `windowMs`). Pure.

/** A rolling-window quota as the emulator enforces it. */
export interface WindowLimit {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * The least time between the first and the last of `n` calls under a rolling window: the first
 * `limit` go at once, each later one waits until the call `limit` places before it has left the
 * window (the emulator admits a call when the oldest counted one is at least `windowMs` old).
 */
export function quotaBoundMs(n: number, q: WindowLimit): number {
  if (n <= 0) return 0;
  return Math.floor((n - 1) / q.limit) * q.windowMs;
}

/** The most calls a rolling window admits in the `t` ms after the first one (the chart's line). */
export function quotaLine(tMs: number, q: WindowLimit): number {
  if (tMs < 0) return 0;
  return (Math.floor(tMs / q.windowMs) + 1) * q.limit;
}

/** members.list calls needed to read `members` memberships (pageSize 1000). */
export const listCalls = (members: number, pageSize = 1000) =>
  Math.max(1, Math.ceil(members / pageSize));

/**
 * spaceMembers: one ChatSpaceMembers declaring members by email (as member files do);
 * spaceMembersById: the same with `users/{numeric id}`; memberships: N ChatMembership resources.
 */
export type Shape = "spaceMembers" | "spaceMembersById" | "memberships";
export type Operation =
  "create" | "previewNoop" | "upNoop" | "refresh" | "updateK1" | "updateK10pct";

/** Chat API calls (members.* and spaces.*), by kind: the least any correct tool can make. */
export interface CallBound {
  readonly reads: number;
  readonly writes: number;
}

/**
 * Lower bounds per operation. `n` members declared (all ROLE_MEMBER at create), `live` the
 * memberships in the space when the operation starts, `k` role changes for updates.
 * - spaceMembers: one list pass (ceil(live/1000)) before any write; a no-op preview reads nothing
 *   (the engine diffs against the state); a no-op up writes nothing and, with no diff, reads nothing.
 * - memberships: N resources of one space: a create each, and one list pass of the space serves
 *   every read (the creates' provenance, the refresh), as the provider's shared lists do; a patch
 *   per changed role.
 */
export function callBound(shape: Shape, op: Operation, n: number, live: number, k = 0): CallBound {
  const spaceRead = listCalls(live);
  switch (op) {
    case "create":
      return { reads: spaceRead, writes: n };
    case "previewNoop":
    case "upNoop":
      return { reads: 0, writes: 0 };
    case "refresh":
      return { reads: spaceRead, writes: 0 };
    case "updateK1":
    case "updateK10pct":
      return shape !== "memberships" ? { reads: spaceRead, writes: k } : { reads: 0, writes: k };
  }
}

/** k for an update of N members: 1, or N/10 (at least 1). */
export const kFor = (op: "updateK1" | "updateK10pct", n: number) =>
  op === "updateK1" ? 1 : Math.max(1, Math.round(n / 10));
