import type * as pulumi from "@pulumi/pulumi";
import { isApiError } from "../api";
import { DEFAULT_ON_DESTROY } from "../core/defaults";
import { isOnDestroy, removesOnDestroy } from "../core/destroy";
import { diffMembership } from "../core/diff";
import { isChatMembersError } from "../core/errors";
import { memberResourceName, parseMember } from "../core/member";
import { validateMembershipArgs, type NormalizedMembershipArgs } from "../core/validate";
import type { LiveMembership, OnDestroy } from "../core/types";
import { ensureMembership, PartialCreateError, removeMembership } from "../reconcile/membership";
import { chatApi, log } from "./session";

// ChatMembership's provider methods: translate between Pulumi's untyped inputs/outputs and the
// reconcile layer. The state (outs) holds the normalized inputs plus what the API returned, so
// read and delete need nothing else. `role` in the state is the live role (groups:
// MEMBERSHIP_ROLE_UNSPECIFIED), which the diff compares with the declared one.

const OUTPUT_KEYS = ["name", "memberName", "memberType", "state", "createTime", "adopted"];

/** What the engine passes for a value not known yet (preview of an output of another resource). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Inputs = Record<string, unknown>;

function userInputs(raw: Inputs): Inputs {
  const out: Inputs = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith("__") || OUTPUT_KEYS.includes(k)) continue;
    out[k] = v;
  }
  return out;
}

/**
 * The dynamic-provider host prints `${e}: ${e.stack}` for check/diff/read/delete failures and
 * sends `e.message` to the engine: both become one line, Chat's reason or ours, with no trace.
 */
function oneLineError(e: unknown): Error {
  const message = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, "; ");
  const label = isChatMembersError(e) ? e.code : e instanceof Error ? e.name : "Error";
  const err = new Error(message);
  err.stack = message;
  err.toString = () => label;
  return err;
}

async function oneLine<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw oneLineError(e);
  }
}

function normalize(raw: Inputs): NormalizedMembershipArgs {
  const v = validateMembershipArgs(userInputs(raw));
  if (!v.ok) throw new Error(v.failures.map((f) => f.reason).join("; "));
  return v.value;
}

/** The inputs as stored: API names, canonical space, no defaults left implicit. */
function inputsOf(a: NormalizedMembershipArgs): Inputs {
  return {
    space: a.space,
    member: memberResourceName(a.member),
    ...("role" in a ? { role: a.role } : {}),
    useAdminAccess: a.useAdminAccess,
    adopt: a.adopt,
    onDestroy: a.onDestroy,
  };
}

function outsOf(inputs: Inputs, live: LiveMembership, adopted: boolean): Inputs {
  return {
    ...inputs,
    name: live.name,
    memberName: live.memberName,
    memberType: live.memberType,
    state: live.state,
    // Groups have no role input; their live role (MEMBERSHIP_ROLE_UNSPECIFIED) is still shown.
    role: live.role,
    createTime: live.createTime ?? null,
    adopted,
  };
}

export async function check(_olds: Inputs, news: Inputs): Promise<pulumi.dynamic.CheckResult> {
  const given = userInputs(news);
  const v = validateMembershipArgs(given);
  if (v.ok) return { inputs: inputsOf(v.value) };
  // A value that is not known yet (preview) is checked when it is, during up.
  const unknown = Object.keys(given).filter((k) => given[k] === UNKNOWN);
  const failures = v.failures.filter((f) => !unknown.includes(String(f.path[0])));
  if (failures.length === 0) return { inputs: given };
  return { failures: failures.map((f) => ({ property: f.property, reason: f.reason })) };
}

export function diff(_id: string, olds: Inputs, news: Inputs) {
  return oneLine(async () => {
    const d = diffMembership(olds, userInputs(news));
    return { changes: d.changes, replaces: [...d.replaces], deleteBeforeReplace: false };
  });
}

export async function create(raw: Inputs): Promise<pulumi.dynamic.CreateResult> {
  const args = normalize(raw);
  const inputs = inputsOf(args);
  try {
    const r = await ensureMembership(chatApi(), {
      space: args.space,
      member: args.member,
      role: "role" in args ? args.role : undefined,
      useAdminAccess: args.useAdminAccess,
      adopt: args.adopt,
      onDestroy: args.onDestroy,
    });
    r.warnings.forEach((w) => log.warn(w));
    return { id: r.live.name, outs: outsOf(inputs, r.live, r.adopted) };
  } catch (e) {
    if (e instanceof PartialCreateError) {
      // The membership exists: keep it in state so the next `up` finishes the role change. The
      // engine stores `properties` as the whole state, so it must carry `__provider` too.
      throw Object.assign(new Error(e.message), {
        id: e.live.name,
        properties: { ...outsOf(inputs, e.live, e.adopted), __provider: raw.__provider },
        reasons: [e.message],
        stack: e.message,
      });
    }
    throw oneLineError(e);
  }
}

export function read(id: string, props: Inputs): Promise<pulumi.dynamic.ReadResult> {
  return oneLine(async () => {
    const name = typeof props.name === "string" ? props.name : id;
    let live: LiveMembership;
    try {
      live = await chatApi().getMembership(name, { useAdminAccess: props.useAdminAccess === true });
    } catch (e) {
      // Removed out of band: drop it from state, so the next `up` recreates it.
      if (isApiError(e, "NOT_FOUND")) return {};
      throw e;
    }
    if (live.state === "NOT_A_MEMBER") return {};
    const outs = outsOf(userInputsFromOuts(props), live, props.adopted === true);
    // Inputs that mirror the live role, so the next preview shows the drift as a role change.
    const inputs = userInputsFromOuts(outs);
    if (parseMember(props.member).kind === "group") delete inputs.role;
    return { id: live.name, props: outs, inputs };
  });
}

function userInputsFromOuts(outs: Inputs): Inputs {
  const inputs = userInputs(outs);
  delete inputs.role;
  const role = outs.role;
  if (typeof role === "string" && role !== "MEMBERSHIP_ROLE_UNSPECIFIED") inputs.role = role;
  return inputs;
}

export async function update(
  _id: string,
  olds: Inputs,
  news: Inputs,
): Promise<pulumi.dynamic.UpdateResult> {
  const args = normalize(news);
  const inputs = inputsOf(args);
  const name = String(olds.name);
  let live: LiveMembership | undefined;
  if ("role" in args && args.role !== olds.role) {
    try {
      live = await chatApi().patchRole(name, args.role, { useAdminAccess: args.useAdminAccess });
    } catch (e) {
      throw oneLineError(e);
    }
  }
  // useAdminAccess, adopt and onDestroy only steer the provider: no API call.
  if (!live) return { outs: { ...olds, ...inputs, role: olds.role } };
  return { outs: outsOf(inputs, live, olds.adopted === true) };
}

export function remove(_id: string, props: Inputs): Promise<void> {
  return oneLine(async () => {
    const name = String(props.name);
    const who = `${props.member} (${name})`;
    const onDestroy: OnDestroy = isOnDestroy(props.onDestroy)
      ? props.onDestroy
      : DEFAULT_ON_DESTROY;
    const adopted = props.adopted === true;
    if (!removesOnDestroy(onDestroy, adopted)) {
      log.info(
        onDestroy === "keep"
          ? `kept ${who}: onDestroy is "keep"`
          : `kept ${who}: it was a member before this stack adopted it (onDestroy: "remove" would remove it)`,
      );
      return;
    }
    const result = await removeMembership(chatApi(), name, props.useAdminAccess === true);
    if (result === "already-gone") log.info(`${who} was already gone`);
  });
}
