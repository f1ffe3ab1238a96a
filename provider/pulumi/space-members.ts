import type * as pulumi from "@pulumi/pulumi";
import { memberResourceName } from "../core/member";
import { isChatMembersError } from "../core/errors";
import { planSpace, isEmptyPlan, type SpacePlan } from "../core/plan";
import { removalLimitError } from "../core/guards";
import { planSummary } from "../core/describe";
import { roleUiName } from "../core/roles";
import { storedView, storeView, VIEW_KEY } from "../core/stored-view";
import type { NormalizedSpaceMembersArgs } from "../core/validate/normalized";
import { orThrow } from "../core/validate/collector";
import { SPACE_MEMBERS_SETTINGS, validateSpaceMembersArgs } from "../core/validate/space-members";
import type { SpaceView } from "../core/view";
import {
  destroySpace,
  PartialApplyError,
  previewCreate,
  readSpace,
  reconcileSpace,
  reportPlan,
  type SpaceRecord,
} from "../reconcile/space";
import { driftWithPlan, parseDriftRecords } from "../core/drift";
import { driftSince } from "../reconcile/drift";
import { UNKNOWN } from "./unknown";
import { isImportRead } from "./import-read";
import { hostError, partialFailure, shown, translated } from "./host-errors";
import { chatApi, log } from "./session";

// ChatSpaceMembers' provider methods: they only translate between the engine's property maps and
// the reconcile flows. What the engine stores and shows:
//   inputs  — the settings, `members`: the roster the plan leads to (person → role), and the
//             hidden `__declared` (the declaration, one short string per entry) and `__view`
//             (what the roster cannot say about the space the plan was made against, see
//             core/stored-view.ts);
//   outputs — the settings, `members`: the space as it is (after the apply or a refresh),
//             `invited`, `affiliation` (which the outputs' `__view` leaves out), `added`, and
//             `__view`. Not the declaration: only check's result (create, update, diff) needs
//             it; read and delete resolve the emails the state knows (storedArgs).
// The engine shows the diff of old and new inputs: after a refresh the old `members` is the live
// space and the new one is where the plan leads, so each line is a write of the next `up`.

type Props = Record<string, unknown>;
type Args = NormalizedSpaceMembersArgs;

const SETTINGS = SPACE_MEMBERS_SETTINGS;
const DECLARED_KEY = "__declared";
/** In the inputs a refresh writes: the out-of-band changes it found, for the next check. */
const DRIFT_KEY = "__drift";
/** Keys the resource class registers as outputs: never user input. */
const OUTPUT_KEYS = ["added", "invited", "affiliation"];

/** The program's inputs, without engine keys and output placeholders. */
function programInputs(raw: Props): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(raw))
    if (!k.startsWith("__") && !OUTPUT_KEYS.includes(k)) out[k] = v;
  return out;
}

/**
 * The declaration as stored: one string per entry, the member as declared (an email without
 * `users/`) and, when declared, the role in the UI's words: `alice@example.com owner`,
 * `users/123`, `groups/eng`.
 */
function declaredForm(a: Args): string[] {
  return a.members.map((d) => {
    const name = memberResourceName(d.member);
    const member = name.startsWith("users/") && name.includes("@") ? name.slice(6) : name;
    return "role" in d && d.role !== undefined ? `${member} ${roleUiName(d.role)}` : member;
  });
}

/** A stored declaration entry, in that form or the first one (`{ member, role }`). */
function declaredEntry(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const [member, role] = v.split(" ");
  return role === undefined ? { member } : { member, role };
}

/**
 * What read, delete and diff's settings check need from a stored state (outputs, or inputs a
 * refresh wrote): the settings, and as members the declaration when the state holds one (the
 * inputs; outputs before this format), else the emails the stored view knows — what a refresh
 * needs to resolve members the list gives no email. Never fails on who is declared.
 */
function storedArgs(props: Props): Args {
  const settings = validatedState(props, []);
  if (props[DECLARED_KEY] !== undefined) {
    try {
      return argsOf(props);
    } catch {
      // A declaration this release no longer accepts: the emails below resolve as well.
    }
  }
  const emails = storedView(settings.space, props).members.flatMap((m) =>
    m.email ? [{ member: { kind: "user" as const, ref: m.email } }] : [],
  );
  return { ...settings, members: emails };
}

/** A stored state's space and settings with `members`, validated as the program's inputs are. */
function validatedState(props: Props, members: unknown): Args {
  const stored: Props = { members };
  for (const k of ["space", ...SETTINGS]) stored[k] = props[k];
  return orThrow(validateSpaceMembersArgs(stored));
}

/** Settings as stored. */
function settingsOf(a: Args): Props {
  return {
    space: a.space,
    mode: a.mode,
    ignore: a.ignore.map(memberResourceName),
    maxRemovals: a.maxRemovals,
    useAdminAccess: a.useAdminAccess,
    removeOnDestroy: a.removeOnDestroy,
    allowExternal: a.allowExternal,
    domains: [...a.domains],
    staleInvites: a.staleInvites,
    staleInviteDays: a.staleInviteDays,
  };
}

/**
 * The arguments a stored state (inputs or outputs) was made from. Release 0.1.0 kept no
 * declaration apart from its roster; its roster keys stand in (used only to resolve emails).
 */
function argsOf(props: Props): Args {
  const declared = props[DECLARED_KEY];
  const members = Array.isArray(declared)
    ? declared.map(declaredEntry)
    : (declared ??
      Object.keys((props.members as Props | undefined) ?? {}).map((member) => ({ member })));
  return validatedState(props, members);
}

function added(props: Props): string[] {
  return Array.isArray(props.added) ? props.added.filter((x) => typeof x === "string") : [];
}

function outsOf(a: Args, r: SpaceRecord): Props {
  const stored = storeView(r.view);
  // Who is invited and who is external, by label, as outputs people read; `__view` leaves them
  // to these outputs.
  const { invited = [], external = {}, ...view } = stored[VIEW_KEY];
  return {
    ...settingsOf(a),
    members: stored.members,
    invited,
    affiliation: external,
    added: [...r.added],
    [VIEW_KEY]: view,
  };
}

function inputsOf(a: Args, view: SpaceView, plan: SpacePlan | undefined): Props {
  const stored = storeView(view, plan?.after);
  return {
    ...settingsOf(a),
    members: stored.members,
    [DECLARED_KEY]: declaredForm(a),
    [VIEW_KEY]: stored[VIEW_KEY],
  };
}

/** Stands in for a space not known yet while its other inputs are checked and planned. */
const PENDING_SPACE = "spaces/pending";

const emptyView = (space: string): SpaceView => ({
  space,
  members: [],
  caller: undefined,
  unresolvedEmails: [],
});

/** A planning error (duplicate person, …) as a check failure on the field it names. */
function failure(e: unknown): pulumi.dynamic.CheckFailure {
  if (isChatMembersError(e)) return { property: e.field.split(/[[.]/)[0]!, reason: shown(e) };
  throw hostError(e);
}

/**
 * The check of a space not known yet: a preview of a new ChatSpace's `name`. Checked with a
 * stand-in space so every other input is validated now, and planned against an empty space, so
 * the preview shows every declared member as an add (the space's creator, already its owner,
 * reads as an add too; the `up` plans against the live space once it exists).
 */
function checkNewSpace(given: Props): pulumi.dynamic.CheckResult {
  const v = validateSpaceMembersArgs({ ...given, space: PENDING_SPACE });
  if (!v.ok)
    return {
      failures: v.failures.map((f) => ({ property: f.property, reason: `${f.code}: ${f.reason}` })),
    };
  const view = emptyView(PENDING_SPACE);
  let plan: SpacePlan;
  try {
    plan = planSpace(view, v.value);
  } catch (e) {
    return { failures: [failure(e)] };
  }
  log.info(
    `a new space: ${plan.adds.length} member(s) to add once it exists (planned against its live members during up)`,
  );
  return { inputs: { ...inputsOf(v.value, view, plan), space: UNKNOWN } };
}

export async function check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const given = programInputs(news);
  const unknown = Object.keys(given).filter((k) => JSON.stringify(given[k]).includes(UNKNOWN));
  if (given.space === UNKNOWN && unknown.length === 1) return checkNewSpace(given);
  const v = validateSpaceMembersArgs(given);
  if (!v.ok) {
    // A value not known yet is checked during up, once it is.
    const failures = v.failures.filter((f) => !unknown.includes(String(f.path[0])));
    if (failures.length === 0) return { inputs: given };
    return {
      failures: failures.map((f) => ({ property: f.property, reason: `${f.code}: ${f.reason}` })),
    };
  }
  const args = v.value;
  let view: SpaceView;
  let plan: SpacePlan;
  let driftLines: string[] = [];
  try {
    const first = olds.space !== args.space;
    if (!first && olds[VIEW_KEY] !== undefined) {
      // An update: plan against the space the state last saw (a refresh makes it the live one).
      view = storedView(args.space, olds);
      plan = planSpace(view, args, Date.now());
      const tooMany = removalLimitError(plan, args.maxRemovals);
      if (tooMany) return { failures: [failure(tooMany)] };
      reportPlan(plan, log);
      driftLines = driftWithPlan(parseDriftRecords(olds[DRIFT_KEY]), plan);
      for (const line of driftLines) log.warn(line);
      if (view.caller === undefined && plan.removes.length > 0)
        log.warn(
          `${args.space}: the state does not say who the caller is; the apply learns it first and removes nobody if it cannot`,
        );
    } else {
      // A first create (or a new space): one list, so the preview names whom it would remove.
      // Also a state from 0.1.0, which kept no view of the space: it is listed once.
      try {
        const preview = await previewCreate(chatApi(), args, log, first);
        view = preview.view;
        plan = preview.plan;
        if (preview.refused) return { failures: [failure(preview.refused)] };
      } catch (e) {
        if (isChatMembersError(e)) throw e;
        log.warn(`could not list ${args.space} to preview the apply: ${(e as Error).message}`);
        view = first ? emptyView(args.space) : storedView(args.space, olds);
        plan = planSpace(view, args, Date.now());
      }
    }
  } catch (e) {
    return { failures: [failure(e)] };
  }
  const outOfBand = driftLines.length ? `; ${driftLines.length} changed out of band` : "";
  if (!isEmptyPlan(plan) || outOfBand) log.info(`${planSummary(plan)} (plan)${outOfBand}`);
  return { inputs: inputsOf(args, view, plan) };
}

function sameSettings(olds: Props, a: Args): boolean {
  let before: Props;
  try {
    // Normalized, defaults filled in: a state from 0.1.0 lacks the newer settings.
    before = settingsOf(storedArgs(olds));
  } catch {
    return false;
  }
  const now = settingsOf(a);
  return SETTINGS.every((k) => JSON.stringify(before[k]) === JSON.stringify(now[k]));
}

/**
 * Spaces this provider process refreshed. The engine runs one process per command, so a space
 * missing here was not refreshed by this preview or up: its diff compares with the state.
 */
const refreshed = new Set<string>();

/**
 * A no-change diff against a view no refresh of this command renewed: the state may predate
 * changes made in Chat (seen by an earlier `preview --refresh`), which this up then leaves.
 */
function staleViewNote(space: string): string {
  return `${space}: no change against the state's view of the space from the last refresh or up; this command did not refresh it, so changes made in Chat since are not in this plan. Fix: pulumi up --refresh, or set options.refresh: always in Pulumi.yaml (as the shipped projects do)`;
}

/**
 * An update is needed when a setting changed, or when the plan against the space the state last
 * saw (the outputs: the freshest view) has a write to make. Labels alone (an email renamed, the
 * 0.1.0 format) are no change.
 */
export function diff(_id: string, olds: Props, news: Props) {
  return translated(async () => {
    // A space not known yet (its ChatSpace is replaced): another space, so a replace.
    if (news.space === UNKNOWN) return { changes: true, replaces: ["space"] };
    const args = argsOf(news);
    if (olds.space !== args.space) return { changes: true, replaces: ["space"] };
    let writes = true;
    try {
      writes = !isEmptyPlan(planSpace(storedView(args.space, olds), args, Date.now()));
    } catch {
      // A declaration the plan refuses: let the update report it.
    }
    const changes = writes || !sameSettings(olds, args);
    // With changes, the update plans against the live space anyway (it lists it afresh).
    if (!changes && !refreshed.has(args.space)) log.warn(staleViewNote(args.space));
    return { changes, replaces: [] };
  });
}

async function apply(news: Props, previouslyAdded: string[]): Promise<Props> {
  const args = argsOf(news);
  try {
    return outsOf(args, await reconcileSpace(chatApi(), args, previouslyAdded, log));
  } catch (e) {
    if (e instanceof PartialApplyError)
      throw partialFailure(e.error, args.space, outsOf(args, e.record), news.__provider);
    throw hostError(e);
  }
}

export async function create(news: Props): Promise<pulumi.dynamic.CreateResult> {
  const outs = await apply(news, []);
  return { id: String(outs.space), outs };
}

export async function update(
  _id: string,
  olds: Props,
  news: Props,
): Promise<pulumi.dynamic.UpdateResult> {
  return { outs: await apply(news, added(olds)) };
}

export function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  return translated(async () => {
    if (isImportRead(props)) {
      // `pulumi import` (plugin only): a space the state never held; nothing was added by us.
      // Loaded here: the export rules bring the member-file stack (yaml), which the runtime
      // does not load otherwise.
      const { importSpace } = await import("./space-import");
      const imported = await importSpace(id);
      if (!imported)
        throw new Error(
          `nothing to import: ${id} was not found, or the caller cannot see it; fix: check the space name (from its URL) and that the caller is a member`,
        );
      const outs = outsOf(imported.args, { view: imported.view, added: [] });
      return { id: imported.args.space, props: outs, inputs: imported.program };
    }
    const args = storedArgs(props);
    const api = chatApi();
    const view = await readSpace(api, args);
    refreshed.add(args.space);
    const present = new Set(view?.members.map((m) => m.id));
    const record = view && { view, added: added(props).filter((x) => present.has(x)) };
    if (!record) return {};
    const outs = outsOf(args, record);
    // `members` mirrors the live space, so the next preview's diff is the plan. No declaration:
    // the outputs keep none, and the next check writes the program's.
    const { [DECLARED_KEY]: _declared, ...inputs } = inputsOf(args, record.view, undefined);
    // What changed out of band since the state's view, for this warning and the next plan.
    const drift =
      props[VIEW_KEY] === undefined
        ? []
        : await driftSince(api, storedView(args.space, props), record.view);
    for (const d of drift) log.warn(`${args.space}: ${d.line}`);
    return { id, props: outs, inputs: drift.length ? { ...inputs, [DRIFT_KEY]: drift } : inputs };
  });
}

export function remove(_id: string, props: Props): Promise<void> {
  return translated(() => destroySpace(chatApi(), storedArgs(props), added(props), log));
}
