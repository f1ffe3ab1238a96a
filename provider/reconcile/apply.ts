import { PromisePool } from "@supercharge/promise-pool";
import type { ChatApi } from "../api";
import { ChatMembersError, isChatMembersError } from "../core/errors";
import { describeOp } from "../core/describe";
import { declaredKey, type MemberId } from "../core/identity";
import { phasesOf } from "../core/phases";
import type { PlannedOperation, SpacePlan } from "../core/plan";
import type { SpaceView, ViewMember } from "../core/view";
import { MAX_LISTED_OPS, PROGRESS_LINES, PROGRESS_MIN_OPS, WRITE_CONCURRENCY } from "./defaults";
import { toViewMember } from "./resolve";
import { addMember, PartialCreateError, removeMember, type CallOpts } from "./writes";

// Runs a plan's phases (core/phases.ts) against the API: each phase with bounded concurrency,
// the adapter pacing every write to the quota and retrying transient failures. A failure stops
// new writes; the outcome lists what was and was not applied, and a rerun converges (it lists
// the space afresh). Provenance comes from the snapshot: every add is of someone absent from it,
// so a membership an add made is this resource's; one someone else made meanwhile is not.

export interface ApplyOptions extends CallOpts {
  readonly concurrency?: number;
  /** One line per progress step ("spaces/X: added 200/1000"). */
  readonly onProgress?: (line: string) => void;
}

export interface ApplyOutcome {
  /** The snapshot with every write that succeeded applied to it. */
  readonly view: SpaceView;
  /** Members this run added: absent from the snapshot, and made by one of its creates. */
  readonly created: readonly MemberId[];
  readonly applied: readonly string[];
  readonly failed: readonly { readonly op: string; readonly error: Error }[];
  readonly notApplied: readonly string[];
}

export async function applyPlan(
  api: ChatApi,
  plan: SpacePlan,
  snapshot: SpaceView,
  opts: ApplyOptions,
): Promise<ApplyOutcome> {
  const members = new Map(snapshot.members.map((m) => [m.id, m]));
  /** Who was there before any write: never "created" by this run. */
  const before = new Set(members.keys());
  const created: MemberId[] = [];
  const applied: string[] = [];
  const failed: { op: string; error: Error }[] = [];
  const notApplied: string[] = [];
  const call = { useAdminAccess: opts.useAdminAccess };
  // Members the adds just made or found: a removal planned for one of them (a declared email
  // that joined after the list) would undo the add, so it is dropped.
  // Who each add of this run turned out to be: a later add of the same id (declared by numeric
  // id, when an email declared earlier was that person) is a duplicate declaration.
  const claimed = new Map<MemberId, string>();

  const run = async (op: PlannedOperation): Promise<void> => {
    switch (op.kind) {
      case "add": {
        const k = declaredKey(op.member);
        const earlier = "id" in k ? claimed.get(k.id) : undefined;
        if (earlier !== undefined) throw duplicateAdd(op.label, earlier);
        const email = op.member.kind === "user" && op.label.includes("@") ? op.label : undefined;
        const seen = (live: Parameters<typeof toViewMember>[0], made: boolean) => {
          const m = toViewMember(live, op.member.kind === "app" ? live.memberName : undefined);
          const person: ViewMember = email && !m.email ? { ...m, email } : m;
          members.set(person.id, person);
          claimed.set(person.id, op.label);
          if (made && !before.has(person.id)) created.push(person.id);
        };
        try {
          const r = await addMember(api, plan.space, op.member, op.role, call);
          seen(r.live, r.made);
        } catch (e) {
          // Created, but its role patch failed: record the membership, report the failure.
          if (e instanceof PartialCreateError) {
            seen(e.live, e.made);
            throw e.cause;
          }
          throw e;
        }
        return;
      }
      case "role": {
        await api.patchRole(op.person.membershipName!, op.to, call);
        members.set(op.person.id, { ...op.person, role: op.to });
        return;
      }
      case "remove":
        if (claimed.has(op.person.id)) return;
        await removeMember(api, op.person.membershipName!, call);
        members.delete(op.person.id);
        return;
    }
  };

  const total = phasesOf(plan).reduce((n, p) => n + p.ops.length, 0);
  for (const phase of phasesOf(plan)) {
    if (failed.length > 0) {
      notApplied.push(...phase.ops.map(describeOp));
      continue;
    }
    let done = 0;
    const step = Math.max(1, Math.ceil(phase.ops.length / PROGRESS_LINES));
    await PromisePool.withConcurrency(opts.concurrency ?? WRITE_CONCURRENCY)
      .for(phase.ops)
      .handleError(async (error, op, pool) => {
        failed.push({ op: describeOp(op), error });
        pool.stop();
      })
      .process(async (op, _i, pool) => {
        if (pool.isStopped()) return;
        await run(op);
        applied.push(describeOp(op));
        done += 1;
        if (total >= PROGRESS_MIN_OPS && (done % step === 0 || done === phase.ops.length))
          opts.onProgress?.(`${plan.space}: ${phase.verb} ${done}/${phase.ops.length}`);
      });
    const touched = new Set([...applied, ...failed.map((f) => f.op)]);
    notApplied.push(...phase.ops.map(describeOp).filter((d) => !touched.has(d)));
  }
  return {
    view: { ...snapshot, members: [...members.values()] },
    created,
    applied,
    failed,
    notApplied,
  };
}

/**
 * Two entries that are one person who was not in the space: only the create of the first could
 * tell (the API has no lookup of a non-member). Refused before the second write.
 */
function duplicateAdd(second: string, first: string): ChatMembersError {
  return new ChatMembersError({
    code: "DUPLICATE_MEMBER",
    field: "members",
    value: second,
    reason: `is ${first}, declared twice (the create of ${first} showed it); nothing more was written for it`,
    fix: "keep one entry per person",
  });
}

/** The error a partial apply ends with: what was and was not applied, and what to do. */
export function partialFailure(space: string, o: ApplyOutcome): ChatMembersError {
  const list = (xs: readonly string[]) =>
    xs.length <= MAX_LISTED_OPS
      ? xs.join("; ")
      : `${xs.slice(0, MAX_LISTED_OPS).join("; ")}; … and ${xs.length - MAX_LISTED_OPS} more`;
  const total = o.applied.length + o.failed.length + o.notApplied.length;
  const fix =
    "fix the cause and run `pulumi up` again: it lists the space afresh and finishes the rest";
  return new ChatMembersError(
    {
      code: "PARTIAL_APPLY",
      field: "members",
      value: space,
      reason: `applied ${o.applied.length} of ${total} changes`,
      fix,
    },
    [
      `${space}: applied ${o.applied.length} of ${total} changes, then stopped.`,
      `  failed: ${list(o.failed.map((f) => `${f.op}: ${isChatMembersError(f.error) ? `${f.error.code}: ` : ""}${f.error.message}`))}`,
      `  not applied: ${o.notApplied.length ? list(o.notApplied) : "none"}`,
      `  applied: ${o.applied.length ? list(o.applied) : "none"}`,
      `  ${fix[0]!.toUpperCase()}${fix.slice(1)}.`,
    ].join("\n"),
  );
}
