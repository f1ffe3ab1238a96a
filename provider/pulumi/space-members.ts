import type * as pulumi from "@pulumi/pulumi";
import { isApiError } from "../api";
import { checkRemovalLimit, type SpacePlan } from "../core/plan";
import { canonicalMemberName, memberResourceName, parseMember } from "../core/member";
import { declaredRoster, liveRoster, rosterMembers, type Roster } from "../core/roster";
import { validateSpaceMembersArgs, type NormalizedSpaceMembersArgs } from "../core/validate";
import { ChatMembersError } from "../core/errors";
import type { LiveMembership } from "../core/types";
import { applyPlan, partialFailure } from "../reconcile/apply";
import { readLive, resolvedRecord, snapshot } from "../reconcile/space";
import { removeMembership } from "../reconcile/membership";
import { chatApi, log } from "./session";
import { PromisePool } from "@supercharge/promise-pool";
import { DEFAULT_WRITE_CONCURRENCY } from "../api/defaults";

// ChatSpaceMembers' provider methods. Inputs and the state carry `members` as a roster (member →
// role map) so the engine's own diff names each add, removal and role change; after a refresh the
// state's roster mirrors the live space. Every create and update lists the space afresh: the
// state is a view for previews, never trusted for writes.

type Props = Record<string, unknown>;
type Args = NormalizedSpaceMembersArgs;

const SETTINGS = ["mode", "ignore", "maxRemovals", "useAdminAccess", "removeOnDestroy"] as const;
const STATE_ONLY = ["resolved", "added", "invited", "caller"];

function userInputs(raw: Props): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith("__") || STATE_ONLY.includes(k)) continue;
    // The stored form is a roster; the program's form is a list.
    out[k] =
      k === "members" && v && typeof v === "object" && !Array.isArray(v)
        ? rosterMembers(v as Roster)
        : v;
  }
  return out;
}

function normalize(raw: Props): Args {
  const v = validateSpaceMembersArgs(userInputs(raw));
  if (!v.ok) throw withoutStack(new Error(v.failures.map((f) => f.reason).join("; ")));
  return v.value;
}

/** The inputs as stored: canonical space, API role names, the members as a roster. */
function inputsOf(a: Args): Props {
  return {
    space: a.space,
    members: declaredRoster(a.members),
    mode: a.mode,
    ignore: a.ignore.map(memberResourceName),
    maxRemovals: a.maxRemovals,
    useAdminAccess: a.useAdminAccess,
    removeOnDestroy: a.removeOnDestroy,
  };
}

interface Observed {
  readonly live: readonly LiveMembership[];
  readonly resolved: ReadonlyMap<string, string>;
  readonly caller: string | undefined;
  readonly added: readonly string[];
}

function outsOf(a: Args, o: Observed): Props {
  const members = liveRoster(a, o.live, o);
  const invitedIds = new Set(o.live.filter((l) => l.state === "INVITED").map((l) => l.memberName));
  const invited = Object.keys(members).filter((k) =>
    invitedIds.has(canonicalMemberName(parseMember(k), o.resolved)),
  );
  return {
    ...inputsOf(a),
    members,
    resolved: resolvedRecord(a, o.resolved),
    added: [...o.added].sort(),
    invited,
    caller: o.caller ?? null,
  };
}

const resolvedOf = (props: Props) =>
  new Map(Object.entries((props.resolved as Record<string, string> | undefined) ?? {}));

function summary(space: string, plan: SpacePlan): string {
  return `${space}: ${plan.adds.length} to add, ${plan.removes.length} to remove, ${plan.roleChanges.length} role changes`;
}

export async function check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const v = validateSpaceMembersArgs(userInputs(news));
  if (!v.ok)
    return { failures: v.failures.map((f) => ({ property: f.property, reason: f.reason })) };
  const args = v.value;
  if (olds.space === undefined && args.mode === "authoritative") {
    // First create over a space that already has members: say now whom it would remove.
    const failure = await previewFirstCreate(args);
    if (failure) return { failures: [failure] };
  }
  return { inputs: inputsOf(args) };
}

async function previewFirstCreate(args: Args) {
  let plan: SpacePlan;
  try {
    plan = (await snapshot(chatApi(), args, new Map())).plan;
  } catch (e) {
    log.warn(`could not list ${args.space} to preview the first apply: ${(e as Error).message}`);
    return undefined;
  }
  for (const r of plan.removes) {
    log.warn(
      `${args.space}: the first apply will remove ${r.memberName} (${r.role}): not declared`,
    );
  }
  const tooMany = checkRemovalLimit(plan, args.maxRemovals);
  return tooMany ? { property: "maxRemovals", reason: tooMany.message } : undefined;
}

export async function diff(_id: string, olds: Props, news: Props) {
  const args = normalize(news);
  if (olds.space !== args.space) return { changes: true, replaces: ["space"] };
  const resolved = resolvedOf(olds);
  const canon = (roster: Roster) =>
    new Map(
      Object.entries(roster).map(([k, r]) => [canonicalMemberName(parseMember(k), resolved), r]),
    );
  const oldRoster = (olds.members as Roster | undefined) ?? {};
  const before = canon(oldRoster);
  // Removals are named as the state shows them (an email where one is known).
  const shown = new Map(
    Object.keys(oldRoster).map((k) => [canonicalMemberName(parseMember(k), resolved), k]),
  );
  const after = canon(declaredRoster(args.members));
  const inputs = inputsOf(args);
  const settingsChanged = SETTINGS.some(
    (k) => JSON.stringify(olds[k]) !== JSON.stringify(inputs[k]),
  );
  const added = [...after.keys()].filter((k) => !before.has(k));
  const roles = [...after].filter(([k, r]) => before.has(k) && before.get(k) !== r);
  const removed =
    args.mode === "authoritative"
      ? [...before.keys()]
          .filter((k) => !after.has(k))
          .map((k) => shown.get(k) ?? k)
          .sort()
      : [];
  if (removed.length > args.maxRemovals) {
    throw withoutStack(
      new ChatMembersError({
        code: "TOO_MANY_REMOVALS",
        field: "maxRemovals",
        value: args.maxRemovals,
        reason: `the plan for ${args.space} removes ${removed.length} members, more than the limit: ${removed.join(", ")}`,
        fix: `check that list, then set maxRemovals: ${removed.length} on the resource (or in the member file) and run again; nothing was applied`,
        removals: removed,
      }),
    );
  }
  const owners = (m: Map<string, string>) =>
    [...m].filter(([, r]) => r === "ROLE_MANAGER").map(([k]) => k);
  if (args.mode === "authoritative" && owners(before).length > 0 && owners(after).length === 0) {
    log.warn(
      `${args.space}: no owner is declared; ${owners(before)
        .map((k) => shown.get(k) ?? k)
        .join(
          ", ",
        )} stays owner (ROLE_MANAGER): the space must keep one; declare an owner to change that`,
    );
  }
  const changes = added.length + roles.length + removed.length > 0 || settingsChanged;
  if (added.length + roles.length + removed.length > 0) {
    log.info(
      `${args.space}: ${added.length} to add, ${removed.length} to remove, ${roles.length} role changes (against the state of the last refresh; preview with --refresh to compare with the live space)`,
    );
  }
  return { changes, replaces: [] };
}

async function reconcile(
  args: Args,
  known: ReadonlyMap<string, string>,
  previouslyAdded: string[],
  provider: unknown,
) {
  const api = chatApi();
  const snap = await snapshot(api, args, known, (n) => {
    if (n >= 1000) log.info(`${args.space}: listed ${n} members`);
  });
  const tooMany = checkRemovalLimit(snap.plan, args.maxRemovals);
  if (tooMany) throw withoutStack(tooMany);
  if (snap.plan.operations.length > 0) log.info(summary(args.space, snap.plan));
  for (const k of snap.plan.skipped) {
    // Keeping the caller is routine (and, with the caller declared by an email not yet
    // resolved, not even a skip): information, not a warning.
    (k.code === "CALLER" ? log.info : log.warn)(
      `${args.space}: kept ${k.memberName} (no ${k.action}): ${k.reason}`,
    );
  }
  for (const w of snap.plan.warnings) log.warn(`${args.space}: ${w}`);
  if (snap.otherApps.length > 0) {
    log.warn(
      `${args.space}: other apps are left alone (only an app can remove itself): ${snap.otherApps.join(", ")}`,
    );
  }
  const outcome = await applyPlan(api, args, snap.plan, snap.live, {
    onProgress: (line) => log.info(line),
  });
  if (outcome.adopted.length > 0) {
    log.info(
      `${args.space}: ${outcome.adopted.length} declared members were already present (adopted)`,
    );
  }
  const removed = new Set(
    snap.plan.removes
      .map((r) => r.memberName)
      .filter((n) => !outcome.live.some((l) => l.memberName === n)),
  );
  const added = [...new Set([...previouslyAdded, ...outcome.created])].filter(
    (n) => !removed.has(n),
  );
  const resolved = new Map([...snap.resolved, ...outcome.resolved]);
  const outs = outsOf(args, { live: outcome.live, resolved, caller: snap.caller, added });
  if (outcome.failed.length > 0) {
    // Keep what was applied in the state; the rerun lists the space and converges. The host
    // stores `properties` as the whole state without adding `__provider`: without it the next
    // refresh or destroy of this resource could not find its provider.
    const error = withoutStack(partialFailure(args.space, outcome));
    throw Object.assign(error, {
      id: args.space,
      properties: { ...outs, __provider: provider },
      reasons: [error.message],
    });
  }
  return outs;
}

export async function create(raw: Props): Promise<pulumi.dynamic.CreateResult> {
  const args = normalize(raw);
  const outs = await reconcile(args, new Map(), [], raw.__provider);
  return { id: args.space, outs };
}

export async function update(
  _id: string,
  olds: Props,
  news: Props,
): Promise<pulumi.dynamic.UpdateResult> {
  const args = normalize(news);
  const outs = await reconcile(
    args,
    resolvedOf(olds),
    (olds.added as string[] | undefined) ?? [],
    news.__provider,
  );
  return { outs };
}

export async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const args = normalize(props);
  const api = chatApi();
  let live: LiveMembership[];
  try {
    live = (await readLive(api, args)).live;
  } catch (e) {
    if (isApiError(e, "NOT_FOUND")) return {};
    throw withoutStack(e as Error);
  }
  const caller = await api.callerName();
  const outs = outsOf(args, {
    live,
    resolved: resolvedOf(props),
    caller,
    added: (props.added as string[] | undefined) ?? [],
  });
  // Inputs that mirror the live space: the next preview's diff of `members` is the plan.
  const inputs: Props = {};
  for (const k of ["space", "members", ...SETTINGS]) inputs[k] = outs[k];
  return { id, props: outs, inputs };
}

export async function remove(_id: string, props: Props): Promise<void> {
  const args = normalize(props);
  const added = (props.added as string[] | undefined) ?? [];
  if (!args.removeOnDestroy) {
    log.info(
      `${args.space}: kept every member (destroy never empties a space; removeOnDestroy: true removes the ${added.length} members this resource added)`,
    );
    return;
  }
  const api = chatApi();
  let live: LiveMembership[];
  try {
    live = (await readLive(api, args)).live;
  } catch (e) {
    if (isApiError(e, "NOT_FOUND")) return; // the space is gone, and its members with it
    throw withoutStack(e as Error);
  }
  const byName = new Map(live.map((l) => [l.memberName, l]));
  const present = added.filter((n) => byName.has(n));
  // Never the last owner: when every joined owner is one this resource added, keep the oldest.
  const owners = live
    .filter((l) => l.role === "ROLE_MANAGER" && l.state === "JOINED")
    .sort((a, b) => (a.createTime ?? "").localeCompare(b.createTime ?? ""));
  const keep =
    owners.length > 0 && owners.every((o) => present.includes(o.memberName))
      ? owners[0]!.memberName
      : undefined;
  if (keep) {
    log.warn(
      `${args.space}: kept ${keep}, added by this resource: it is the space's last owner (make someone else owner, then remove it by hand if needed)`,
    );
  }
  let removed = 0;
  await PromisePool.withConcurrency(DEFAULT_WRITE_CONCURRENCY)
    .for(present.filter((n) => n !== keep))
    .process(async (memberName) => {
      try {
        const name = byName.get(memberName)!.name;
        if ((await removeMembership(api, name, args.useAdminAccess)) === "removed") removed += 1;
      } catch (e) {
        log.warn(`${args.space}: kept ${memberName}: ${(e as Error).message}`);
      }
    });
  log.info(
    `${args.space}: removed ${removed} of the ${added.length} members this resource added; everyone else stays`,
  );
}

/** The dynamic-provider host prints `${e}: ${e.stack}`: keep what users see to the message. */
function withoutStack<E extends Error>(e: E): E {
  e.stack = "";
  return e;
}
