import { isOnDestroy, removesOnDestroy } from "../core/destroy";
import { parseRosterRole, roleRank, roleUiName } from "../core/roles";
import { UNKNOWN } from "../pulumi/unknown";
import type { MemberNames } from "./names";
import { settingLabel, settingWords } from "../core/space-settings";
import type { PreviewStep, StepState } from "./preview";
import { resourceKind, urnName, type ResourceKind } from "./resources";

// One preview step of a ChatSpaceMembers or ChatMembership → who joins, leaves or changes role,
// in the Chat UI's words. The state's member map (member key → role) is read in every spelling a
// release wrote: keys `users/{id}`, `users/{email}` or a plain email; roles API names
// (ROLE_MANAGER…) or UI names (owner…), MEMBERSHIP_ROLE_UNSPECIFIED or `group` for groups. The
// old side is the state's outputs (what the last refresh saw), the new side the checked inputs,
// as the provider's own diff does. Pure.

/** joins / leaves / role: what the apply does; declared: a new resource's member (adopted if
 * already there, else added); stays: listed for the reviewer although nothing is done. */
export type ChangeKind = "joins" | "leaves" | "role" | "declared" | "stays";

export interface MemberChange {
  /** As a reviewer reads it: an email whenever the preview knows one. */
  readonly member: string;
  readonly kind: ChangeKind;
  /** member, manager or owner; absent for groups, which have no role. */
  readonly from?: string;
  readonly to?: string;
  readonly affiliation?: "external" | "guest";
  readonly invited: boolean;
  readonly note?: string;
}

export interface SettingChange {
  readonly key: string;
  readonly from: unknown;
  readonly to: unknown;
  /** A ChatSpace setting in the Chat UI's words: its label, and both values. */
  readonly words?: { readonly label: string; readonly from: string; readonly to: string };
}

export interface ResourceChange {
  readonly urn: string;
  readonly name: string;
  readonly kind: ResourceKind;
  readonly op: string;
  readonly space?: string;
  readonly members: readonly MemberChange[];
  readonly settings: readonly SettingChange[];
  readonly notes: readonly string[];
}

type Props = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A role in any spelling → member / manager / owner; undefined for a group's non-role. */
export function roleWord(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const role = parseRosterRole(value);
  if (role === undefined) return undefined;
  // An unknown value is shown as found: the report describes a state, it does not validate it.
  if (role === "invalid") return typeof value === "string" ? value : JSON.stringify(value);
  return roleUiName(role);
}

function rank(value: unknown): number | undefined {
  const role = parseRosterRole(value);
  return role === undefined || role === "invalid" ? undefined : roleRank(role);
}

/** The member map in the state, or the program's list form ({member, role}[]). */
function roster(value: unknown): Props {
  if (isObject(value)) return value;
  if (!Array.isArray(value)) return {};
  const out: Record<string, unknown> = {};
  for (const e of value) {
    if (typeof e === "string") out[e] = undefined;
    else if (isObject(e) && typeof e.member === "string") out[e.member] = e.role;
  }
  return out;
}

const AFFILIATION: Readonly<Record<string, "external" | "guest">> = {
  EXTERNAL: "external",
  MANAGED_EXTERNAL: "guest",
};

/** Invited members and affiliations the step's states record, by member identity. */
class Facts {
  readonly invited = new Set<string>();
  readonly affiliation = new Map<string, "external" | "guest">();

  constructor(
    private readonly names: MemberNames,
    states: readonly (StepState | undefined)[],
  ) {
    for (const s of states) {
      const o: Props = s?.outputs ?? {};
      // The outputs, and the hidden `__view` both sides carry (the space the plan was made on).
      const views = [o, s?.inputs?.__view, o.__view].filter(isObject);
      for (const v of views) {
        if (Array.isArray(v.invited))
          for (const k of v.invited) if (typeof k === "string") this.invited.add(names.identity(k));
        for (const map of [v.affiliation, v.external])
          if (isObject(map)) for (const [k, a] of Object.entries(map)) this.setAffiliation(k, a);
      }
      // ChatMembership: one member, its state and affiliation as outputs.
      const member = o.memberName ?? o.member;
      if (typeof member === "string") {
        if (o.state === "INVITED") this.invited.add(names.identity(member));
        this.setAffiliation(member, o.affiliation);
      }
    }
  }

  private setAffiliation(key: string, value: unknown) {
    const a = typeof value === "string" ? AFFILIATION[value] : undefined;
    if (a) this.affiliation.set(this.names.identity(key), a);
  }

  change(key: string, c: Omit<MemberChange, "member" | "invited" | "affiliation">): MemberChange {
    const id = this.names.identity(key);
    const affiliation = this.affiliation.get(id);
    return {
      member: this.names.show(key),
      invited: this.invited.has(id),
      ...(affiliation ? { affiliation } : {}),
      ...c,
    };
  }
}

function settingsChanged(old: StepState | undefined, next: StepState | undefined, skip: string[]) {
  const out: SettingChange[] = [];
  const before: Props = { ...old?.outputs, ...old?.inputs };
  for (const [key, to] of Object.entries(next?.inputs ?? {})) {
    if (key.startsWith("__") || skip.includes(key)) continue;
    const from = before[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) out.push({ key, from, to });
  }
  return out;
}

/** The space a step is about; undefined while it is not known (a new ChatSpace's name). */
const spaceOf = (...states: (StepState | undefined)[]) => {
  for (const s of states) {
    const v = s?.inputs?.space ?? s?.outputs?.space;
    if (v === UNKNOWN) return undefined;
    if (typeof v === "string") return v;
  }
  return undefined;
};

// ChatSpaceMembers ------------------------------------------------------------------------------

function declared(facts: Facts, s: StepState | undefined): MemberChange[] {
  return Object.entries(roster(s?.inputs?.members)).map(([k, role]) => {
    const to = roleWord(role);
    return facts.change(k, { kind: "declared", ...(to ? { to } : {}) });
  });
}

function rosterDiff(
  names: MemberNames,
  facts: Facts,
  old: StepState | undefined,
  next: StepState | undefined,
): MemberChange[] {
  const byIdentity = (r: Props) => new Map(Object.entries(r).map((e) => [names.identity(e[0]), e]));
  const before = byIdentity(roster(old?.outputs?.members ?? old?.inputs?.members));
  const after = byIdentity(roster(next?.inputs?.members));
  const additive = (next?.inputs?.mode ?? old?.inputs?.mode) === "additive";
  const ignoreList = next?.inputs?.ignore;
  const ignored = new Set(
    (Array.isArray(ignoreList) ? ignoreList : [])
      .filter((k): k is string => typeof k === "string")
      .map((k) => names.identity(k)),
  );
  // 0.1.0 stored the caller as `caller`; the current state keeps it in `__view`.
  const view = old?.outputs?.__view;
  const caller = old?.outputs?.caller ?? (isObject(view) ? view.caller : undefined);
  const callerId = typeof caller === "string" ? names.identity(caller) : undefined;
  const out: MemberChange[] = [];
  for (const [id, [key, role]] of after) {
    const to = roleWord(role);
    const was = before.get(id);
    if (!was) out.push(facts.change(key, { kind: "joins", ...(to ? { to } : {}) }));
    else {
      const from = roleWord(was[1]);
      if (from === to) continue;
      const demotion = (rank(was[1]) ?? 0) > (rank(role) ?? 0);
      out.push(
        additive && demotion
          ? facts.change(key, { kind: "stays", from, note: `additive mode never demotes (${to})` })
          : facts.change(key, { kind: "role", ...(from ? { from } : {}), ...(to ? { to } : {}) }),
      );
    }
  }
  for (const [id, [key, role]] of before) {
    if (after.has(id)) continue;
    const from = roleWord(role);
    const r = from ? { from } : {};
    const note = additive
      ? "no longer declared; additive mode removes nobody"
      : ignored.has(id)
        ? "now ignored: never removed"
        : id === callerId
          ? "the identity the provider acts as is never removed unless declared"
          : undefined;
    out.push(facts.change(key, note ? { kind: "stays", ...r, note } : { kind: "leaves", ...r }));
  }
  return out;
}

function spaceDeletion(names: MemberNames, facts: Facts, old: StepState | undefined) {
  const space = spaceOf(old) ?? "the space";
  const removeOnDestroy = (old?.outputs?.removeOnDestroy ?? old?.inputs?.removeOnDestroy) === true;
  if (!removeOnDestroy)
    return {
      members: [],
      note: `the resource goes; every member of ${space} stays (removeOnDestroy is off)`,
    };
  const added = Array.isArray(old?.outputs?.added) ? (old.outputs.added as unknown[]) : [];
  const r = roster(old?.outputs?.members);
  const roleOf = new Map(Object.entries(r).map(([k, v]) => [names.identity(k), v]));
  const members = added
    .filter((k): k is string => typeof k === "string")
    .map((k) => {
      const from = roleWord(roleOf.get(names.identity(k)));
      return facts.change(k, { kind: "leaves", ...(from ? { from } : {}) });
    });
  return {
    members,
    note: `removeOnDestroy: the ${members.length} member(s) this resource added leave ${space} (a last owner stays); everyone else stays`,
  };
}

function spaceMembersChange(step: PreviewStep, names: MemberNames) {
  const { oldState: old, newState: next } = step;
  const facts = new Facts(names, [old, next]);
  const members: MemberChange[] = [];
  const notes: string[] = [];
  let settings: SettingChange[] = [];
  if (step.op === "update") {
    members.push(...rosterDiff(names, facts, old, next));
    settings = settingsChanged(old, next, ["members", "space"]);
  }
  if (["create", "create-replacement", "replace"].includes(step.op)) {
    members.push(...declared(facts, next));
    notes.push(
      next?.inputs?.space === UNKNOWN
        ? "new resource on a space the same up makes: every declared member is added (its creator, already the owner, stays)"
        : "new resource: declared members already in the space are adopted, the others are added; any removals it would make are in its warnings",
    );
  }
  if (["delete", "delete-replaced", "replace"].includes(step.op)) {
    const d = spaceDeletion(names, facts, old);
    members.push(...d.members);
    notes.push(d.note);
  }
  return { members, notes, settings };
}

// ChatMembership --------------------------------------------------------------------------------

function membershipKey(s: StepState | undefined): string | undefined {
  const v = s?.outputs?.memberName ?? s?.inputs?.member ?? s?.outputs?.member;
  return typeof v === "string" ? v : undefined;
}

const isGroup = (key: string) => key.startsWith("groups/");

function membershipRole(s: StepState | undefined, side: "old" | "new") {
  const key = membershipKey(s);
  if (key === undefined || isGroup(key)) return undefined;
  const v = side === "old" ? (s?.outputs?.role ?? s?.inputs?.role) : s?.inputs?.role;
  return roleWord(v ?? "ROLE_MEMBER");
}

function membershipLeaves(facts: Facts, old: StepState | undefined): MemberChange | undefined {
  const key = membershipKey(old);
  if (key === undefined) return undefined;
  const raw = old?.outputs?.onDestroy ?? old?.inputs?.onDestroy;
  const onDestroy = isOnDestroy(raw) ? raw : "remove-if-created";
  const adopted = old?.outputs?.adopted === true;
  const from = membershipRole(old, "old");
  const r = from ? { from } : {};
  if (removesOnDestroy(onDestroy, adopted)) return facts.change(key, { kind: "leaves", ...r });
  const note =
    onDestroy === "keep"
      ? 'the resource goes; the member stays (onDestroy: "keep")'
      : 'the resource goes; the member stays: adopted, not added by this stack (onDestroy: "remove" would remove them)';
  return facts.change(key, { kind: "stays", ...r, note });
}

function membershipChange(step: PreviewStep, names: MemberNames) {
  const { oldState: old, newState: next } = step;
  const facts = new Facts(names, [old, next]);
  const members: MemberChange[] = [];
  let settings: SettingChange[] = [];
  if (["delete", "delete-replaced", "replace"].includes(step.op)) {
    const left = membershipLeaves(facts, old);
    if (left) members.push(left);
  }
  const key = membershipKey(next) ?? membershipKey(old);
  if (["create", "create-replacement", "replace"].includes(step.op) && key !== undefined) {
    const to = membershipRole(next, "new");
    members.push(facts.change(key, { kind: "joins", ...(to ? { to } : {}) }));
  }
  if (step.op === "update" && key !== undefined) {
    const from = membershipRole(old, "old");
    const to = membershipRole(next, "new");
    if (from !== to)
      members.push(
        facts.change(key, { kind: "role", ...(from ? { from } : {}), ...(to ? { to } : {}) }),
      );
    settings = settingsChanged(old, next, ["member", "space", "role"]);
  }
  return { members, notes: [] as string[], settings };
}

// ChatSpace -------------------------------------------------------------------------------------

/** Keys of a ChatSpace state that are not settings a reviewer decides. */
const SPACE_OUTPUT_KEYS = ["name", "spaceUri", "createTime", "deletionPolicy", "useAdminAccess"];

/** Nested settings (permissions, access) as one dotted key per leaf setting. */
function flatten(props: Props | undefined, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props ?? {})) {
    if (k.startsWith("__") || (prefix === "" && SPACE_OUTPUT_KEYS.includes(k))) continue;
    const key = `${prefix}${k}`;
    if (!isObject(v)) out[key] = v;
    else Object.assign(out, flatten(v, `${key}.`));
  }
  return out;
}

function spaceSetting(key: string, from: unknown, to: unknown): SettingChange {
  return {
    key,
    from,
    to,
    words: { label: settingLabel(key), from: settingWords(key, from), to: settingWords(key, to) },
  };
}

function chatSpaceChange(step: PreviewStep) {
  const { oldState: old, newState: next } = step;
  const notes: string[] = [];
  const before = flatten({ ...old?.outputs, ...old?.inputs });
  const after = flatten(next?.inputs);
  let settings: SettingChange[] = [];
  if (step.op === "update" || step.op === "replace")
    settings = Object.keys(after)
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => spaceSetting(k, before[k], after[k]));
  if (step.op === "create" || step.op === "create-replacement")
    settings = Object.entries(after).map(([k, v]) => spaceSetting(k, undefined, v));
  if (step.op === "create")
    notes.push("new space: made by the next up, its members added after it");
  if (["delete", "delete-replaced", "replace"].includes(step.op)) {
    const policy = old?.outputs?.deletionPolicy ?? old?.inputs?.deletionPolicy;
    notes.push(
      policy === "delete"
        ? "the space is DELETED, with its members and every message (deletionPolicy: delete)"
        : "the resource goes; the space, its members and its messages stay (deletionPolicy: retain)",
    );
  }
  return { members: [] as MemberChange[], notes, settings };
}

// -----------------------------------------------------------------------------------------------

const CHANGING_OPS = [
  "create",
  "update",
  "delete",
  "replace",
  "create-replacement",
  "delete-replaced",
];
const NONE = { members: [], notes: [], settings: [] };

const ORDER: readonly ChangeKind[] = ["joins", "role", "leaves", "declared", "stays"];

/**
 * The change one step makes to members (empty lists for `same`, `refresh`, `read`…), or
 * undefined for a step of another resource type. Of a replacement's three steps only `replace`
 * is read (the caller drops the create-replacement and delete-replaced of a URN that has one).
 */
export function resourceChange(step: PreviewStep, names: MemberNames): ResourceChange | undefined {
  const kind = resourceKind(step);
  if (!kind) return undefined;
  const c = !CHANGING_OPS.includes(step.op)
    ? NONE
    : kind === "ChatSpaceMembers"
      ? spaceMembersChange(step, names)
      : kind === "ChatSpace"
        ? chatSpaceChange(step)
        : membershipChange(step, names);
  const members = [...c.members].sort(
    (a, b) =>
      ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) ||
      (a.member < b.member ? -1 : a.member > b.member ? 1 : 0),
  );
  const space = spaceOf(step.newState, step.oldState);
  return {
    urn: step.urn,
    name: urnName(step.urn),
    kind,
    op: step.op,
    ...(space ? { space } : {}),
    members,
    settings: c.settings,
    notes: c.notes,
  };
}
