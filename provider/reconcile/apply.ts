import { PromisePool } from "@supercharge/promise-pool";
import type { ChatApi } from "../api";
import { DEFAULT_WRITE_CONCURRENCY } from "../api/defaults";
import { ChatMembersError } from "../core/errors";
import { isEmailRef } from "../core/member";
import { roleRank } from "../core/roles";
import type { PlannedOperation, SpacePlan } from "../core/plan";
import type { LiveMembership } from "../core/types";
import { ensureMembership, PartialCreateError, removeMembership } from "./membership";
import type { SpaceArgs } from "./space";

// Applies a plan: phase by phase (adds, promotions, demotions, removals, owners' removals last),
// each phase with bounded concurrency; the adapter paces every write to the project's quota and
// retries transient failures. A failure stops new writes; the error lists what was and was not
// applied, and a rerun converges (a create that meets 409 is adopted, a delete that meets 404
// counts as done).

export interface ApplyOptions {
  readonly concurrency?: number;
  /** One line per progress step ("spaces/X: added 200/1000"). */
  readonly onProgress?: (line: string) => void;
}

export interface ApplyOutcome {
  /** The live list after the writes that succeeded. */
  readonly live: LiveMembership[];
  /** Declared emails whose ids the creates revealed. */
  readonly resolved: Map<string, string>;
  /** Canonical names of memberships this run created (not adopted ones). */
  readonly created: string[];
  /** Members that were already there when their add ran (adopted). */
  readonly adopted: string[];
  readonly applied: string[];
  readonly failed: { readonly op: string; readonly error: Error }[];
  readonly notApplied: string[];
}

type Phase = { readonly verb: string; readonly ops: readonly PlannedOperation[] };

export function describeOp(op: PlannedOperation): string {
  switch (op.kind) {
    case "add":
      return `+ add ${op.memberName}${op.role ? ` as ${op.role}` : ""}`;
    case "role":
      return `~ role ${op.memberName} ${op.from} → ${op.to}`;
    case "remove":
      return `- remove ${op.memberName}`;
  }
}

function phases(plan: SpacePlan, live: ReadonlyMap<string, LiveMembership>): Phase[] {
  const ownerRemoval = (op: PlannedOperation) =>
    op.kind === "remove" && live.get(op.memberName)?.role === "ROLE_MANAGER";
  const promotions = plan.roleChanges.filter((c) => roleRank(c.to) > roleRank(c.from));
  const demotions = plan.roleChanges.filter((c) => !promotions.includes(c));
  return [
    { verb: "added", ops: plan.adds },
    { verb: "promoted", ops: promotions },
    { verb: "demoted", ops: demotions },
    { verb: "removed", ops: plan.removes.filter((r) => !ownerRemoval(r)) },
    { verb: "removed", ops: plan.removes.filter(ownerRemoval) },
  ].filter((p) => p.ops.length > 0);
}

export async function applyPlan(
  api: ChatApi,
  args: SpaceArgs,
  plan: SpacePlan,
  initialLive: readonly LiveMembership[],
  opts: ApplyOptions = {},
): Promise<ApplyOutcome> {
  const live = new Map(initialLive.map((l) => [l.memberName, l]));
  const resolved = new Map<string, string>();
  const created: string[] = [];
  const adopted: string[] = [];
  const applied: string[] = [];
  const failed: { op: string; error: Error }[] = [];
  const notApplied: string[] = [];
  const callOpts = { useAdminAccess: args.useAdminAccess };
  // Members the adds just created or adopted: a removal planned for one of them (a declared
  // email that joined after the space was listed) would undo the add, so it is dropped.
  const claimed = new Set<string>();
  const total = plan.operations.length;

  const run = async (op: PlannedOperation): Promise<void> => {
    switch (op.kind) {
      case "add": {
        let r;
        try {
          r = await ensureMembership(api, {
            space: args.space,
            member: op.member,
            role: op.role,
            useAdminAccess: args.useAdminAccess,
            adopt: true,
            // Only shapes the per-member adoption warning, which a space apply summarises.
            onDestroy: "remove-if-created",
          });
        } catch (e) {
          // Created, but its role patch failed: record the membership, report the failure.
          if (e instanceof PartialCreateError) {
            live.set(e.live.memberName, e.live);
            if (!e.adopted) created.push(e.live.memberName);
            throw e.cause;
          }
          throw e;
        }
        live.set(r.live.memberName, r.live);
        claimed.add(r.live.memberName);
        if (isEmailRef(op.member)) resolved.set(op.member.ref.toLowerCase(), r.live.memberName);
        (r.adopted ? adopted : created).push(r.live.memberName);
        return;
      }
      case "role": {
        const m = await api.patchRole(op.membershipName, op.to, callOpts);
        live.set(m.memberName, m);
        return;
      }
      case "remove":
        if (claimed.has(op.memberName)) return;
        await removeMembership(api, op.membershipName, args.useAdminAccess);
        live.delete(op.memberName);
        return;
    }
  };

  for (const phase of phases(plan, live)) {
    if (failed.length > 0) {
      notApplied.push(...phase.ops.map(describeOp));
      continue;
    }
    let done = 0;
    const step = Math.max(1, Math.ceil(phase.ops.length / 10));
    const { results } = await PromisePool.withConcurrency(
      opts.concurrency ?? DEFAULT_WRITE_CONCURRENCY,
    )
      .for(phase.ops)
      .handleError(async (error, op, pool) => {
        failed.push({ op: describeOp(op), error });
        pool.stop();
      })
      .process(async (op, _i, pool) => {
        if (pool.isStopped()) return undefined;
        await run(op);
        applied.push(describeOp(op));
        done += 1;
        if (total >= 20 && (done % step === 0 || done === phase.ops.length)) {
          opts.onProgress?.(`${args.space}: ${phase.verb} ${done}/${phase.ops.length}`);
        }
        return op;
      });
    void results;
    const touched = new Set([...applied, ...failed.map((f) => f.op)]);
    notApplied.push(...phase.ops.map(describeOp).filter((d) => !touched.has(d)));
  }
  return { live: [...live.values()], resolved, created, adopted, applied, failed, notApplied };
}

/** The error a partial apply ends with: what was and was not applied, and what to do. */
export function partialFailure(space: string, o: ApplyOutcome): ChatMembersError {
  const list = (xs: readonly string[]) =>
    xs.length <= 20 ? xs.join("; ") : `${xs.slice(0, 20).join("; ")}; … and ${xs.length - 20} more`;
  const failures = o.failed.map((f) => `${f.op}: ${f.error.message}`);
  return new ChatMembersError(
    {
      code: "PARTIAL_APPLY",
      field: "members",
      value: space,
      reason: `applied ${o.applied.length} of ${o.applied.length + o.failed.length + o.notApplied.length} changes`,
      fix: "fix the cause and run `pulumi up` again: it lists the space afresh and finishes the rest",
    },
    [
      `${space}: applied ${o.applied.length} of ${o.applied.length + o.failed.length + o.notApplied.length} changes, then stopped.`,
      `  failed: ${list(failures)}`,
      `  not applied: ${o.notApplied.length ? list(o.notApplied) : "none"}`,
      `  applied: ${o.applied.length ? list(o.applied) : "none"}`,
      "  Fix the cause and run `pulumi up` again: it lists the space afresh and finishes the rest.",
    ].join("\n"),
  );
}
