import { isApiError, type ChatApi } from "../api";
import { destroyPlan } from "../core/destroy-plan";
import { describeOp, planSummary } from "../core/describe";
import type { ChatMembersError } from "../core/errors";
import { guardError } from "../core/guards";
import { declaredKey, label, type MemberId } from "../core/identity";
import { isEmptyPlan, planSpace, type SpacePlan } from "../core/plan";
import type { NormalizedSpaceMembersArgs } from "../core/validate/normalized";
import type { SpaceView } from "../core/view";
import { applyPlan, partialFailure } from "./apply";
import { forget, recall, remember } from "./recent";
import { entriesOf, resolveSpace } from "./resolve";

// The flows of a ChatSpaceMembers, each a straight line: resolve → plan → guard → apply →
// record. Every create and update resolves the space afresh: the state is a view for previews,
// never trusted for writes.

export type SpaceArgs = NormalizedSpaceMembersArgs;

export interface Reporter {
  info(line: string): void;
  warn(line: string): void;
}

/** What the Pulumi layer records after a create, update or refresh. */
export interface SpaceRecord {
  readonly view: SpaceView;
  /** Members this resource added (by id), still in the space. */
  readonly added: readonly MemberId[];
}

/** A partial apply: the error to show, and the state to keep so a rerun converges. */
export class PartialApplyError extends Error {
  constructor(
    readonly error: ChatMembersError,
    readonly record: SpaceRecord,
  ) {
    super(error.message);
    this.stack = "";
  }
}

/** Which list: the same space, with the same access. */
function keyOf(args: SpaceArgs): string {
  return JSON.stringify([args.space, args.useAdminAccess]);
}

/** The emails of entries to resolve. */
function emailsOf(args: SpaceArgs): string[] {
  return entriesOf(args).flatMap((e) => {
    const k = declaredKey(e.member);
    return "email" in k ? [k.email] : [];
  });
}

/** For each remembered view, the emails it was resolved for. */
const resolvedFor = new WeakMap<SpaceView, ReadonlySet<string>>();

/**
 * Whether a view resolved for other entries (a refresh resolves the emails its state knows) is
 * the one these would get: no listed person lacks an email (no lookup runs), or every email they
 * name was matched or looked up already.
 */
function serves(view: SpaceView, args: SpaceArgs): boolean {
  if (!view.members.some((m) => m.kind === "human" && !m.email)) return true;
  const known = new Set(view.members.flatMap((m) => (m.email ? [m.email] : [])));
  const looked = resolvedFor.get(view);
  return emailsOf(args).every((e) => known.has(e) || looked?.has(e));
}

/** The resolved space: listed now, or — `reuse` — listed a moment ago by this process. */
async function resolve(api: ChatApi, args: SpaceArgs, reuse = false): Promise<SpaceView> {
  const key = keyOf(args);
  const recent = reuse ? recall(key) : undefined;
  if (recent && serves(recent, args)) return recent;
  const view = await resolveSpace(api, {
    space: args.space,
    useAdminAccess: args.useAdminAccess,
    entries: entriesOf(args),
  });
  resolvedFor.set(view, new Set(emailsOf(args)));
  remember(key, view);
  return view;
}

/** Warnings and the members a protection keeps, as every plan reports them. */
export function reportPlan(plan: SpacePlan, log: Reporter): void {
  for (const k of plan.kept) {
    // Keeping the caller is routine: information, not a warning.
    (k.code === "CALLER" ? log.info : log.warn)(
      `${plan.space}: kept ${label(k.person)} (no ${k.action}): ${k.reason}`,
    );
  }
  for (const w of plan.warnings) log.warn(`${plan.space}: ${w}`);
}

/** Create and update: resolve → plan → guard → apply → record. */
export async function reconcileSpace(
  api: ChatApi,
  args: SpaceArgs,
  previouslyAdded: readonly MemberId[],
  log: Reporter,
): Promise<SpaceRecord> {
  // The list a refresh or the preview just made in this process, or a fresh one.
  const snapshot = await resolve(api, args, true);
  const plan = planSpace(snapshot, args, Date.now());
  const refused = guardError(plan, snapshot, args.maxRemovals);
  if (refused) throw refused;
  forget(keyOf(args));
  reportPlan(plan, log);
  // Planned again against the live space: what the apply now makes.
  if (!isEmptyPlan(plan)) log.info(`${planSummary(plan)} (applying)`);
  const outcome = await applyPlan(api, plan, snapshot, {
    useAdminAccess: args.useAdminAccess,
    onProgress: (line) => log.info(line),
  });
  const present = new Set(outcome.view.members.map((m) => m.id));
  const added = [...new Set([...previouslyAdded, ...outcome.created])]
    .filter((id) => present.has(id))
    .sort();
  const record = { view: outcome.view, added };
  if (outcome.failed.length > 0)
    throw new PartialApplyError(partialFailure(args.space, outcome), record);
  return record;
}

/** Refresh: the space as it is now; undefined when the space is gone. */
export async function readSpace(api: ChatApi, args: SpaceArgs): Promise<SpaceView | undefined> {
  try {
    return await resolve(api, args);
  } catch (e) {
    if (isApiError(e, "NOT_FOUND")) return undefined;
    throw e;
  }
}

/**
 * A preview against the live space (one list): the first create's, so the removals it would
 * make are warned about now, or one for a state that holds no view of the space. A plan the
 * guards refuse fails the preview.
 */
export async function previewCreate(
  api: ChatApi,
  args: SpaceArgs,
  log: Reporter,
  firstApply = true,
): Promise<{ view: SpaceView; plan: SpacePlan; refused?: ChatMembersError }> {
  const view = await resolve(api, args, true);
  const plan = planSpace(view, args, Date.now());
  if (firstApply)
    for (const r of plan.removes)
      log.warn(`${args.space}: the first apply will ${describeOp(r).slice(2)}: not declared`);
  reportPlan(plan, log);
  return { view, plan, refused: guardError(plan, view, args.maxRemovals) };
}

/** Destroy: keeps everyone, or with removeOnDestroy removes the members this resource added. */
export async function destroySpace(
  api: ChatApi,
  args: SpaceArgs,
  added: readonly MemberId[],
  log: Reporter,
): Promise<void> {
  if (!args.removeOnDestroy) {
    log.info(
      `${args.space}: kept every member (destroy never empties a space; removeOnDestroy: true removes the ${added.length} members this resource added)`,
    );
    return;
  }
  const view = await readSpace(api, args);
  if (!view) return; // the space is gone, and its members with it
  const plan = destroyPlan(view, added);
  reportPlan(plan, log);
  forget(keyOf(args));
  const outcome = await applyPlan(api, plan, view, { useAdminAccess: args.useAdminAccess });
  if (outcome.failed.length > 0) throw partialFailure(args.space, outcome);
  log.info(
    `${args.space}: removed ${outcome.applied.length} of the ${added.length} members this resource added; everyone else stays`,
  );
}
