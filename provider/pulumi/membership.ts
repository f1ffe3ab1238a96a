import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_ON_DESTROY } from "../core/defaults";
import { isOnDestroy } from "../core/destroy";
import { diffMembership } from "../core/diff";
import { memberResourceName, parseMember } from "../core/member";
import { parseRosterRole, roleUiName, rosterRole } from "../core/roles";
import type { LiveMembership } from "../core/types";
import { orThrow } from "../core/validate/collector";
import { validateMembershipArgs } from "../core/validate/membership";
import type { NormalizedMembershipArgs } from "../core/validate/normalized";
import {
  changeRole,
  createMembership,
  declaredRole,
  destroyMembership,
  readMembership,
} from "../reconcile/membership";
import { PartialCreateError } from "../reconcile/writes";
import { UNKNOWN } from "./unknown";
import { isImportRead } from "./import-read";
import { hostError, partialFailure, translated } from "./host-errors";
import { chatApi, log } from "./session";
import type { ChatApi } from "../api";
import type { ViewMember } from "../core/view";
import { membershipDriftLine } from "../reconcile/drift";

// ChatMembership's provider methods: translate between the engine's property maps and the
// reconcile flows. The state holds the normalized inputs plus what the API returned, so read and
// delete need nothing else. Roles read as in the Chat UI (member, manager, owner); `role` in the
// outputs is the live role (`group` for a group), which the diff compares with the declared one.

const OUTPUT_KEYS = [
  "name",
  "memberName",
  "memberType",
  "state",
  "createTime",
  "adopted",
  "email",
  "displayName",
  "affiliation",
];

type Props = Record<string, unknown>;

function userInputs(raw: Props): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(raw))
    if (!k.startsWith("__") && !OUTPUT_KEYS.includes(k)) out[k] = v;
  return out;
}

function normalize(raw: Props): NormalizedMembershipArgs {
  return orThrow(validateMembershipArgs(userInputs(raw)));
}

/** The inputs as stored: canonical space, UI role names, no defaults left implicit. */
function inputsOf(a: NormalizedMembershipArgs): Props {
  const role = declaredRole(a);
  return {
    space: a.space,
    member: memberResourceName(a.member),
    ...(role !== undefined ? { role: roleUiName(role) } : {}),
    useAdminAccess: a.useAdminAccess,
    adopt: a.adopt,
    onDestroy: a.onDestroy,
  };
}

function outsOf(inputs: Props, live: LiveMembership, adopted: boolean): Props {
  return {
    ...inputs,
    name: live.name,
    memberName: live.memberName,
    memberType: live.memberType,
    state: live.state,
    // The live role; a group's is `group` (Chat gives groups none).
    role: rosterRole(live.role === "MEMBERSHIP_ROLE_UNSPECIFIED" ? undefined : live.role),
    createTime: live.createTime ?? null,
    adopted,
    email: live.email ?? null,
    displayName: live.displayName ?? null,
    affiliation: live.affiliation ?? null,
  };
}

export async function check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const given = userInputs(news);
  const v = validateMembershipArgs(given);
  // A space not known yet (a new ChatSpace's name) stays unknown: the stand-in is not an id.
  if (v.ok)
    return {
      inputs: { ...inputsOf(v.value), ...(given.space === UNKNOWN ? { space: UNKNOWN } : {}) },
    };
  // A value that is not known yet (preview) is checked when it is, during up.
  const unknown = Object.keys(given).filter((k) => given[k] === UNKNOWN);
  const failures = v.failures.filter((f) => !unknown.includes(String(f.path[0])));
  if (failures.length === 0) return { inputs: given };
  return {
    failures: failures.map((f) => ({ property: f.property, reason: `${f.code}: ${f.reason}` })),
  };
}

export function diff(_id: string, olds: Props, news: Props) {
  return translated(async () => {
    const d = diffMembership(olds, userInputs(news));
    return { changes: d.changes, replaces: [...d.replaces], deleteBeforeReplace: false };
  });
}

export async function create(raw: Props): Promise<pulumi.dynamic.CreateResult> {
  const args = normalize(raw);
  const inputs = inputsOf(args);
  try {
    const r = await createMembership(chatApi(), args, log);
    return { id: r.live.name, outs: outsOf(inputs, r.live, r.adopted) };
  } catch (e) {
    // The membership exists but its role patch failed: keep it, the next `up` finishes it.
    if (e instanceof PartialCreateError)
      throw partialFailure(e, e.live.name, outsOf(inputs, e.live, !e.made), raw.__provider);
    throw hostError(e);
  }
}

/** The member as the state's outputs last saw them, for drift (undefined: nothing to compare). */
function lastSeen(props: Props): ViewMember | undefined {
  if (typeof props.memberName !== "string" || props.memberType === "GROUP") return undefined;
  const role = parseRosterRole(props.role);
  if (role === "invalid") return undefined;
  return {
    id: props.memberName,
    ...(typeof props.email === "string" ? { email: props.email } : {}),
    kind: props.memberType === "BOT" ? "app" : "human",
    role,
    state: props.state === "INVITED" ? "INVITED" : "JOINED",
  };
}

/** A drift line when the member was removed or re-roled out of band (one events pass then). */
async function driftOf(api: ChatApi, name: string, props: Props, live: LiveMembership | undefined) {
  const was = lastSeen(props);
  if (!was) return undefined;
  const role = live && live.role !== "MEMBERSHIP_ROLE_UNSPECIFIED" ? live.role : undefined;
  return membershipDriftLine(api, name.split("/members/")[0]!, was, live && { role });
}

export function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  return translated(async () => {
    if (isImportRead(props)) return imported(id);
    const name = typeof props.name === "string" ? props.name : id;
    const api = chatApi();
    const live = await readMembership(api, name, props.useAdminAccess === true);
    const line = await driftOf(api, name, props, live);
    if (line) log.warn(line);
    // Removed out of band: drop it from state, so the next `up` recreates it.
    if (!live) return {};
    const outs = outsOf(storedInputs(props), live, props.adopted === true);
    // Inputs that mirror the live role, so the next preview shows the drift as a role change.
    return { id: live.name, props: outs, inputs: storedInputs(outs) };
  });
}

/**
 * `pulumi import googlechat:index:ChatMembership <name> spaces/X/members/<email, id or app>`
 * (plugin only): the member as a program declares them, adopted — it was there before us, so
 * the default onDestroy keeps it.
 */
async function imported(id: string): Promise<pulumi.dynamic.ReadResult> {
  const [, space, alias] = /^(spaces\/[^/]+)\/members\/(.+)$/.exec(id) ?? [];
  if (!space || !alias)
    throw new Error(
      `the import id ${JSON.stringify(id)} is not a membership name; fix: pulumi import googlechat:index:ChatMembership <name> spaces/AAAA…/members/<email, users/{id}, groups/{id} or app>`,
    );
  const live = await readMembership(
    chatApi(),
    `${space}/members/${alias.replace(/^users\//, "")}`,
    false,
  );
  if (!live)
    throw new Error(
      `nothing to import: ${id} is not a membership (no such member in ${space}); fix: check the space and the member, e.g. with chat-members export ${space}`,
    );
  const app = alias === "app" || alias === "users/app";
  if (live.memberType === "BOT" && !app)
    throw new Error(
      `${id} is another Chat app's membership: only the calling app's can be managed; fix: import ${space}/members/app, or leave this one out`,
    );
  const member = app
    ? "users/app"
    : live.memberType === "HUMAN" && live.email
      ? `users/${live.email}`
      : live.memberName;
  const role =
    live.memberType === "HUMAN" && live.role !== "MEMBERSHIP_ROLE_UNSPECIFIED"
      ? roleUiName(live.role)
      : undefined;
  const program: Props = {
    space,
    member,
    ...(role !== undefined ? { role } : {}),
  };
  return {
    id: live.name,
    props: outsOf(inputsOf(normalize(program)), live, true),
    inputs: program,
  };
}

/** The inputs part of a state, with the live role in the UI's words (none for a group). */
function storedInputs(outs: Props): Props {
  const inputs = userInputs(outs);
  delete inputs.role;
  const role = parseRosterRole(outs.role);
  if (role !== undefined && role !== "invalid" && parseMember(outs.member).kind !== "group")
    inputs.role = roleUiName(role);
  return inputs;
}

export function update(
  _id: string,
  olds: Props,
  news: Props,
): Promise<pulumi.dynamic.UpdateResult> {
  return translated(async () => {
    const args = normalize(news);
    const inputs = inputsOf(args);
    const role = declaredRole(args);
    const current = parseRosterRole(olds.role);
    // useAdminAccess, adopt and onDestroy only steer the provider: no API call.
    if (role === undefined || role === current)
      return { outs: { ...olds, ...inputs, role: olds.role } };
    const live = await changeRole(chatApi(), String(olds.name), role, args.useAdminAccess);
    return { outs: outsOf(inputs, live, olds.adopted === true) };
  });
}

export function remove(_id: string, props: Props): Promise<void> {
  return translated(() =>
    destroyMembership(
      chatApi(),
      {
        name: String(props.name),
        who: `${typeof props.email === "string" ? props.email : props.member} (${props.name})`,
        onDestroy: isOnDestroy(props.onDestroy) ? props.onDestroy : DEFAULT_ON_DESTROY,
        adopted: props.adopted === true,
        useAdminAccess: props.useAdminAccess === true,
      },
      log,
    ),
  );
}
