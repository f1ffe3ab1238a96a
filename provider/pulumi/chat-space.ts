import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { ChatMembersError } from "../core/errors";
import {
  createBody,
  createFollowUps,
  isReplaceChange,
  PERMISSION_KEYS,
  settingChanges,
  settingPatches,
  SPACE_SETTING_KEYS,
  type LiveSpaceSettings,
  type SpaceSettings,
} from "../core/space-settings";
import {
  validateChatSpaceArgs,
  type NormalizedChatSpaceArgs,
} from "../core/validate/space-settings";
import { isApiError } from "../api/index";
import { orThrow } from "../core/validate/collector";
import { isImportRead } from "./import-read";
import { hostError, partialFailure, shown, translated } from "./host-errors";
import { chatApi, log } from "./session";
import { UNKNOWN } from "./unknown";

// ChatSpace's provider methods. What the engine stores:
//   inputs  — the declared settings (after a refresh: the live values of the declared keys, so
//             the next preview's diff is the plan), deletionPolicy, useAdminAccess;
//   outputs — the live settings in the same words (every key), name, spaceUri, createTime, the
//             policy, and `__keys`: which settings the program declares (read has no inputs).
// Deleting a space deletes its messages for everyone: delete (and a replace) only does it with
// deletionPolicy "delete"; otherwise the resource leaves the state and the space stays.

type Props = Record<string, unknown>;
const KEYS_KEY = "__keys";

function programInputs(raw: Props): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(raw))
    if (!k.startsWith("__") && v !== undefined && !OUTPUT_ONLY.includes(k)) out[k] = v;
  return out;
}
const OUTPUT_ONLY = ["name", "spaceUri", "createTime"];

function argsOf(raw: Props): NormalizedChatSpaceArgs {
  return orThrow(validateChatSpaceArgs(programInputs(raw)));
}

/** The declared keys, dotted for permissions (`permissions.manageApps`). */
function declaredKeys(s: SpaceSettings): string[] {
  const keys: string[] = [];
  for (const k of SPACE_SETTING_KEYS) {
    if (k === "permissions") {
      for (const p of PERMISSION_KEYS) if (s.permissions?.[p]) keys.push(`permissions.${p}`);
    } else if (s[k] !== undefined) keys.push(k);
  }
  return keys;
}

function inputsOf(a: NormalizedChatSpaceArgs): Props {
  return { ...a.settings, deletionPolicy: a.deletionPolicy, useAdminAccess: a.useAdminAccess };
}

/** The live space as outputs: every setting in the declared words, plus what the API made. */
function outsOf(a: NormalizedChatSpaceArgs, live: LiveSpaceSettings): Props {
  return {
    ...live,
    deletionPolicy: a.deletionPolicy,
    useAdminAccess: a.useAdminAccess,
    [KEYS_KEY]: declaredKeys(a.settings),
  };
}

/** The live settings a state holds (its outputs). */
function liveOf(props: Props): LiveSpaceSettings {
  return props as unknown as LiveSpaceSettings;
}

/** The live values of the declared keys: what a refresh writes as inputs. */
function liveInputs(props: Props): Props {
  const keys = Array.isArray(props[KEYS_KEY]) ? (props[KEYS_KEY] as string[]) : [];
  const live = liveOf(props);
  const out: Props = {};
  const perms: Record<string, string> = {};
  for (const k of keys) {
    if (k.startsWith("permissions.")) {
      const p = k.slice("permissions.".length);
      const who = live.permissions?.[p];
      if (who !== undefined) perms[p] = who;
    } else {
      const v = (live as unknown as Props)[k];
      out[k] = k === "preset" ? (v ?? "collaboration") : v;
    }
  }
  if (Object.keys(perms).length) out.permissions = perms;
  out.deletionPolicy = props.deletionPolicy;
  out.useAdminAccess = props.useAdminAccess;
  return out;
}

export async function check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const given = programInputs(news);
  const v = validateChatSpaceArgs(given);
  if (v.ok) return { inputs: inputsOf(v.value) };
  const unknown = Object.keys(given).filter((k) => given[k] === UNKNOWN);
  const failures = v.failures.filter((f) => !unknown.includes(String(f.path[0])));
  if (failures.length === 0) return { inputs: given };
  return {
    failures: failures.map((f) => ({ property: f.property, reason: `${f.code}: ${f.reason}` })),
  };
}

export function diff(_id: string, olds: Props, news: Props) {
  return translated(async () => {
    if (Object.values(news).includes(UNKNOWN)) return { changes: true };
    const args = argsOf(news);
    const changes = settingChanges(args.settings, liveOf(olds));
    const replaces = changes.filter(isReplaceChange).map((c) => c.key);
    if (replaces.length) {
      const allowed = args.deletionPolicy === "delete" && olds.deletionPolicy === "delete";
      if (!allowed) {
        const c = changes.find(isReplaceChange)!;
        throw new ChatMembersError({
          code: "REPLACE_NOT_ALLOWED",
          field: c.key,
          value: c.to,
          reason: `cannot change after the space is made (it is ${JSON.stringify(c.from)}): it needs a new space, and replacing would delete ${String(olds.name)} with its members and messages, which deletionPolicy "${String(olds.deletionPolicy ?? "retain")}" does not allow`,
          fix: `put ${c.key} back to ${JSON.stringify(c.from)}; or, to replace the space and delete its history, first apply deletionPolicy: "delete" alone, then this change`,
        });
      }
      return { changes: true, replaces, deleteBeforeReplace: true };
    }
    const own =
      olds.deletionPolicy !== args.deletionPolicy || olds.useAdminAccess !== args.useAdminAccess;
    return { changes: changes.length > 0 || own };
  });
}

export async function create(news: Props): Promise<pulumi.dynamic.CreateResult> {
  const args = argsOf(news);
  const api = chatApi();
  let made;
  try {
    // One request id per resource create: a retry after a lost answer gets the same space.
    made = await api.createSpace(createBody(args.settings), randomUUID());
  } catch (e) {
    if (isApiError(e, "ALREADY_EXISTS"))
      throw new Error(
        `${shown(e)}; fix: give this ChatSpace another displayName, or manage the existing space: pulumi import googlechat:index:ChatSpace <name> spaces/<id> (the googlechat plugin), or \`chat-members export\` it into a member file with its name`,
      );
    throw hostError(e);
  }
  let live = made.settings;
  try {
    for (const p of createFollowUps(args.settings, live)) {
      live = (await api.patchSpace(made.name, p, { useAdminAccess: args.useAdminAccess })).settings;
    }
  } catch (e) {
    // The space exists: it goes into the state, and the next up patches what is left.
    log.warn(
      `${made.name}: made, but its settings were not all applied; the next up applies the rest`,
    );
    throw partialFailure(hostError(e), made.name, outsOf(args, live), news.__provider);
  }
  log.info(`${made.name}: space "${live.displayName}" made`);
  return { id: made.name, outs: outsOf(args, live) };
}

export async function update(
  id: string,
  _olds: Props,
  news: Props,
): Promise<pulumi.dynamic.UpdateResult> {
  const args = argsOf(news);
  const api = chatApi();
  const opts = { useAdminAccess: args.useAdminAccess };
  let live: LiveSpaceSettings;
  try {
    live = (await api.getSpace(id, opts)).settings;
  } catch (e) {
    throw hostError(e);
  }
  try {
    for (const p of settingPatches(args.settings, live))
      live = (await api.patchSpace(id, p, opts)).settings;
  } catch (e) {
    throw partialFailure(hostError(e), id, outsOf(args, live), news.__provider);
  }
  return { outs: outsOf(args, live) };
}

export function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  return translated(async () => {
    const api = chatApi();
    const admin = props.useAdminAccess === true;
    let live: LiveSpaceSettings;
    try {
      live = (await api.getSpace(id, { useAdminAccess: admin })).settings;
    } catch (e) {
      if (isApiError(e) && e.code === "NOT_FOUND") {
        if (isImportRead(props))
          throw new Error(
            `nothing to import: ${id} was not found, or the caller cannot see it; fix: check the space name (from its URL) and that the caller is a member`,
          );
        return {};
      }
      throw e;
    }
    if (isImportRead(props)) {
      const { exportedSettings } = await import("../memberfile/export");
      const settings = exportedSettings(live);
      const args: NormalizedChatSpaceArgs = {
        settings,
        deletionPolicy: "retain",
        useAdminAccess: false,
      };
      return { id, props: outsOf(args, live), inputs: inputsOf(args) };
    }
    // The declared keys stay the state's: read has no program inputs.
    const outs = { ...props, ...outsOf(storedArgs(props), live), [KEYS_KEY]: props[KEYS_KEY] };
    return { id, props: outs, inputs: liveInputs(outs) };
  });
}

/** The policy and access a state holds (read and delete have no program inputs). */
function storedArgs(props: Props): NormalizedChatSpaceArgs {
  return {
    settings: { displayName: String(props.displayName ?? "") },
    deletionPolicy: props.deletionPolicy === "delete" ? "delete" : "retain",
    useAdminAccess: props.useAdminAccess === true,
  };
}

export function remove(id: string, props: Props): Promise<void> {
  return translated(async () => {
    if (props.deletionPolicy !== "delete") {
      log.warn(
        `${id}: kept (deletionPolicy: retain): the space, its members and its messages stay; the ChatSpace leaves the state`,
      );
      return;
    }
    try {
      await chatApi().deleteSpace(id, { useAdminAccess: props.useAdminAccess === true });
    } catch (e) {
      if (isApiError(e) && e.code === "NOT_FOUND") return;
      throw e;
    }
    log.warn(`${id}: deleted with its members and messages (deletionPolicy: delete)`);
  });
}
