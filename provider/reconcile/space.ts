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
}

export function listSpace(api: ChatApi, args: SpaceArgs, onPage?: (n: number) => void) {
  return api.listMemberships(args.space, {
    showInvited: true,
    showGroups: true,
    useAdminAccess: args.useAdminAccess,
    // Admin access must filter to humans (the API's rule); app memberships are then not listed.
    ...(args.useAdminAccess ? { filter: 'member.type = "HUMAN"' } : {}),
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
  caller: string | undefined,
): Promise<Map<string, string>> {
  const resolved = new Map(known);
  const pending = unresolvedEmails(args.members, resolved);
  if (pending.length === 0 || args.mode === "additive") return resolved;
  const accounted = new Set<string>([
    ...args.members.map((d) => canonicalMemberName(d.member, resolved)),
    ...args.ignore.map((m) => canonicalMemberName(m, resolved)),
    ...(caller ? [caller] : []),
  ]);
  if (live.every((l) => accounted.has(l.memberName))) return resolved;
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
      }
    });
  return resolved;
}

/** List, resolve, plan: everything short of a write. */
export async function snapshot(
  api: ChatApi,
  args: SpaceArgs,
  known: ReadonlyMap<string, string>,
  onPage?: (n: number) => void,
): Promise<Snapshot> {
  const [live, caller] = await Promise.all([listSpace(api, args, onPage), api.callerName()]);
  const resolved = await resolveEmails(api, args, live, known, caller);
  const plan = planSpace(args.members, live, {
    mode: args.mode,
    ignore: args.ignore,
    caller,
    resolved,
  });
  return { live, resolved, caller, plan };
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
