import { isApiError, type ChatApi } from "../api";
import { DEFAULT_WRITE_CONCURRENCY } from "../api/defaults";
import { canonicalMemberName, isEmailRef } from "../core/member";
import { planSpace, unresolvedEmails, type SpacePlan } from "../core/plan";
import type { LiveMembership } from "../core/types";
import type { NormalizedSpaceMembersArgs } from "../core/validate";
import { PromisePool } from "@supercharge/promise-pool";
import { aliasOf } from "./membership";

// Reading a space and planning its reconciliation: one list pass (every page), then members.get
// only for declared emails that must be told apart from undeclared live members.

export type SpaceArgs = NormalizedSpaceMembersArgs;

export interface Snapshot {
  readonly live: readonly LiveMembership[];
  /** Lower-cased email → users/{id}, for every declared email known to be a member. */
  readonly resolved: ReadonlyMap<string, string>;
  readonly caller: string | undefined;
  readonly plan: SpacePlan;
  /** Apps other than the caller's: never managed here. */
  readonly otherApps: readonly string[];
}

/** Emails resolved to ids, and those looked up and found not to be members. */
interface Resolution {
  readonly resolved: Map<string, string>;
  readonly notMembers: Set<string>;
}

export function listSpace(api: ChatApi, args: SpaceArgs, onPage?: (n: number) => void) {
  return api.listMemberships(args.space, {
    showInvited: true,
    showGroups: true,
    useAdminAccess: args.useAdminAccess,
    // Admin access must exclude apps (the API's rule); `!=` keeps groups in the list.
    ...(args.useAdminAccess ? { filter: 'member.type != "BOT"' } : {}),
    onPage,
  });
}

/**
 * Emails this provider process already looked up, per space: a preview's check and the apply
 * that follows run in one process, and should not pay for the same lookups twice.
 */
const lookedUp = new Map<string, { found: Map<string, string>; absent: Set<string> }>();

/** Forget every lookup (tests that reseed the emulator between cases). */
export function forgetLookups(): void {
  lookedUp.clear();
}

/**
 * Completes `known` so the plan cannot mistake a declared email for an undeclared member.
 * Only live humans that nothing declared accounts for need it (not the caller, who is never
 * removed unless declared, nor ignored members, groups or apps), and lookups stop as soon as
 * every one of them is matched: the remaining emails cannot be members, and their creates (or
 * 409 + get) tell their ids. Each lookup is one members.get, paced by the per-space read quota.
 */
export async function resolveEmails(
  api: ChatApi,
  args: SpaceArgs,
  live: readonly LiveMembership[],
  known: ReadonlyMap<string, string>,
  caller?: string,
): Promise<Resolution> {
  const cache = lookedUp.get(args.space) ?? { found: new Map<string, string>(), absent: new Set() };
  lookedUp.set(args.space, cache);
  const resolved = new Map([...cache.found, ...known]);
  // An email found absent earlier in this process may have joined since: its create then
  // meets 409 and is adopted, and the apply never removes a member an add just claimed.
  const notMembers = new Set([...cache.absent].filter((e) => !resolved.has(e)));
  if (args.mode === "additive") return { resolved, notMembers };
  const accounted = () =>
    new Set<string>([
      ...args.members.map((d) => canonicalMemberName(d.member, resolved)),
      ...args.ignore.map((m) => canonicalMemberName(m, resolved)),
      ...(caller ? [caller] : []),
      // An id known to be some other email's (an earlier declaration) is not a pending one.
      ...resolved.values(),
    ]);
  const unmatched = () => {
    const a = accounted();
    return live.filter((l) => l.memberType === "HUMAN" && !a.has(l.memberName)).length;
  };
  let missing = unmatched();
  const pending = unresolvedEmails(args.members, resolved).filter((e) => !notMembers.has(e));
  if (pending.length === 0 || missing === 0) {
    for (const e of pending) notMembers.add(e);
    return { resolved, notMembers };
  }
  const liveIds = new Set(live.map((l) => l.memberName));
  const opts = { useAdminAccess: args.useAdminAccess };
  await PromisePool.withConcurrency(DEFAULT_WRITE_CONCURRENCY)
    .for(pending)
    .handleError((e) => {
      throw e;
    })
    .process(async (email) => {
      if (missing === 0) {
        notMembers.add(email);
        return;
      }
      try {
        const m = await api.getMembership(aliasOf(args.space, { kind: "user", ref: email }), opts);
        resolved.set(email, m.memberName);
        cache.found.set(email, m.memberName);
        cache.absent.delete(email);
        if (liveIds.has(m.memberName)) missing = unmatched();
      } catch (e) {
        if (!isApiError(e, "NOT_FOUND")) throw e;
        notMembers.add(email);
        cache.absent.add(email);
      }
    });
  return { resolved, notMembers };
}

/**
 * The API lists an app as `users/{its id}`; the calling app is declared as `users/app`. Ask which
 * id is ours (one read, only when the space has an app) and name it so. Other apps cannot be
 * managed by this caller and are left out of the plan, with a warning.
 */
async function normalizeApps(
  api: ChatApi,
  args: SpaceArgs,
  live: readonly LiveMembership[],
): Promise<{ live: LiveMembership[]; otherApps: string[] }> {
  const bots = live.filter((l) => l.memberType === "BOT");
  if (bots.length === 0) return { live: [...live], otherApps: [] };
  let ours: string | undefined;
  try {
    ours = (
      await api.getMembership(`${args.space}/members/app`, { useAdminAccess: args.useAdminAccess })
    ).memberName;
  } catch (e) {
    if (!isApiError(e, "NOT_FOUND") && !isApiError(e, "PERMISSION_DENIED")) throw e;
  }
  const otherApps = bots.filter((b) => b.memberName !== ours).map((b) => b.memberName);
  return {
    live: live
      .filter((l) => !otherApps.includes(l.memberName))
      .map((l) => (l.memberName === ours ? { ...l, memberName: "users/app" } : l)),
    otherApps,
  };
}

/** The live members as the plan sees them: every page, our app as users/app, other apps apart. */
export async function readLive(api: ChatApi, args: SpaceArgs, onPage?: (n: number) => void) {
  return normalizeApps(api, args, await listSpace(api, args, onPage));
}

/** List, resolve, plan: everything short of a write. */
export async function snapshot(
  api: ChatApi,
  args: SpaceArgs,
  known: ReadonlyMap<string, string>,
  onPage?: (n: number) => void,
): Promise<Snapshot> {
  const [{ live, otherApps }, caller] = await Promise.all([
    readLive(api, args, onPage),
    api.callerName(),
  ]);
  const { resolved, notMembers } = await resolveEmails(api, args, live, known, caller);
  const plan = planSpace(args.members, live, {
    mode: args.mode,
    ignore: args.ignore,
    caller,
    resolved,
    notMembers,
  });
  return { live, resolved, caller, plan, otherApps };
}

/** Declared emails whose ids are now known, as stored in the state. */
export function resolvedRecord(args: SpaceArgs, resolved: ReadonlyMap<string, string>) {
  const out: Record<string, string> = {};
  for (const d of args.members) {
    if (!isEmailRef(d.member)) continue;
    const id = resolved.get(d.member.ref.toLowerCase());
    if (id) out[d.member.ref.toLowerCase()] = id;
  }
  return out;
}
