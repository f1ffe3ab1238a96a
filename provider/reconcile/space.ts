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
 * Completes `known` so the plan cannot mistake a declared email for an undeclared member.
 * Lookups happen only when some live member is unaccounted for; otherwise every unresolved
 * email is simply not a member yet, and its create (or 409 + get) tells its id.
 */
export async function resolveEmails(
  api: ChatApi,
  args: SpaceArgs,
  live: readonly LiveMembership[],
  known: ReadonlyMap<string, string>,
): Promise<Resolution> {
  const resolved = new Map(known);
  const notMembers = new Set<string>();
  const pending = unresolvedEmails(args.members, resolved);
  if (pending.length === 0 || args.mode === "additive") return { resolved, notMembers };
  // The caller is not "accounted for": an unresolved email may be the caller themself.
  const accounted = new Set<string>([
    ...args.members.map((d) => canonicalMemberName(d.member, resolved)),
    ...args.ignore.map((m) => canonicalMemberName(m, resolved)),
  ]);
  if (live.every((l) => accounted.has(l.memberName))) return { resolved, notMembers };
  const opts = { useAdminAccess: args.useAdminAccess };
  await PromisePool.withConcurrency(DEFAULT_WRITE_CONCURRENCY)
    .for(pending)
    .handleError((e) => {
      throw e;
    })
    .process(async (email) => {
      try {
        const m = await api.getMembership(aliasOf(args.space, { kind: "user", ref: email }), opts);
        resolved.set(email, m.memberName);
      } catch (e) {
        if (!isApiError(e, "NOT_FOUND")) throw e;
        notMembers.add(email);
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
  const { resolved, notMembers } = await resolveEmails(api, args, live, known);
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
