// The add timeline of one operation, from the emulator's request log: when each successful
// members.create was answered, relative to the start of the operation.
import type { LoggedRequest } from "../../emulator";

export interface AddTimeline {
  /** ms from the operation's start to each successful create, ascending. */
  readonly addsMs: number[];
  /** ms from the operation's start to the first create request (any status). */
  readonly firstCreateMs: number | undefined;
  /** Creates answered 429, and with any other non-200 status. */
  readonly throttled: number;
  readonly otherErrors: number;
}

export function addTimeline(log: readonly LoggedRequest[], startedAt: number): AddTimeline {
  const creates = log.filter((e) => e.rpc === "spaces.members.create");
  const t = (e: LoggedRequest) => Date.parse(e.time) - startedAt;
  const ok = creates.filter((e) => e.status === 200).map(t);
  ok.sort((a, b) => a - b);
  return {
    addsMs: ok,
    firstCreateMs: creates.length ? Math.min(...creates.map(t)) : undefined,
    throttled: creates.filter((e) => e.status === 429).length,
    otherErrors: creates.filter((e) => e.status !== 200 && e.status !== 429).length,
  };
}
