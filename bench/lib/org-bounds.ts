// Lower bounds of the org scenario (S spaces × M members, one ChatSpaceMembers per space):
// API calls per method for each command, and the least wall time of the first create. Pure.
import { listCalls, quotaBoundMs, type WindowLimit } from "./bounds";

export type OrgOp = "create" | "previewRefreshNoop" | "upChange" | "upRefreshChange";

/** Calls per emulator rpc name (oauth.token, oauth.tokeninfo, spaces.members.*). */
export type MethodCalls = Record<string, number>;

export const TOKEN = "oauth.token";
export const TOKENINFO = "oauth.tokeninfo";
export const LIST = "spaces.members.list";
export const GET = "spaces.members.get";
export const CREATE = "spaces.members.create";
export const PATCH = "spaces.members.patch";

/**
 * The least calls any correct tool makes, per command (each command is a new provider process):
 * - one access token, and the caller's id (one tokeninfo for a user credential): every command
 *   plans an authoritative roster, previewed or applied, and a plan must never remove the
 *   caller (it runs alongside the first list, off the critical path);
 * - every space's live members read once (ceil(live/1000) lists): before writing (create, the
 *   changes) or because the command refreshes; `up --refresh` plans from the refresh's list;
 * - one write per change: M creates per space at the first create (the list carries the
 *   emails of everyone present, and the create takes an email: no members.get), one patch per
 *   space for "one member changed in every space".
 */
export function orgCallBound(op: OrgOp, spaces: number, members: number): MethodCalls {
  switch (op) {
    case "create":
      return {
        [TOKEN]: 1,
        [TOKENINFO]: 1,
        [LIST]: spaces * listCalls(1),
        [CREATE]: spaces * members,
      };
    case "previewRefreshNoop":
      return { [TOKEN]: 1, [TOKENINFO]: 1, [LIST]: spaces * listCalls(members + 1) };
    case "upChange":
    case "upRefreshChange":
      return {
        [TOKEN]: 1,
        [TOKENINFO]: 1,
        [LIST]: spaces * listCalls(members + 1),
        [PATCH]: spaces,
      };
  }
}

/**
 * The least wall time of a command that makes `writes` writes under a rolling write quota:
 * the engine's floor for the same stack, then the calls that must run one after the other —
 * the token, a list, the first write — each `latencyMs`, and the quota's wait between the first
 * and the last admitted write (the last one's own latency overlaps nothing and is the "first
 * write" of its burst: counted once).
 */
export function timeBoundMs(
  floorMs: number,
  writes: number,
  latencyMs: number,
  quota: WindowLimit,
  opts: { list?: boolean } = {},
): number {
  const serial = 1 + (opts.list === false ? 0 : 1) + (writes > 0 ? 1 : 0);
  return floorMs + serial * latencyMs + quotaBoundMs(writes, quota);
}
