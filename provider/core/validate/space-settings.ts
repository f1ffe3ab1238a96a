import { DEFAULT_DELETION_POLICY, DEFAULT_USE_ADMIN_ACCESS } from "../defaults";
import {
  DELETION_POLICIES,
  HISTORY_STATES,
  PERMISSION_KEYS,
  PERMISSION_WHO,
  PRIVATE_AUDIENCE,
  READ_ONLY_PERMISSION_KEYS,
  SPACE_LIMITS,
  SPACE_PRESETS,
  SPACE_SETTING_KEYS,
  type DeletionPolicy,
  type Permissions,
  type SpaceSettings,
} from "../space-settings";
import { Collector, type PropertyPath, type Validated } from "./collector";
import { checkKeys, given, isRecord, optionalBoolean, requireRecord } from "./checks";

// Validation of a space's declared settings (ChatSpace's inputs, a member file's `space:`
// block): every failure names the field, the value and the fix, before any API call.

const AUDIENCE = /^audiences\/[A-Za-z0-9_-]+$/;

function oneOf<T extends string>(
  c: Collector,
  at: PropertyPath,
  v: unknown,
  allowed: readonly T[],
  what: string,
): T | undefined {
  if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return v as T;
  c.fail(at, "INVALID_VALUE", v, `is not ${what}`, `use one of ${allowed.join(", ")}`);
  return undefined;
}

function text(
  c: Collector,
  at: PropertyPath,
  v: unknown,
  limit: number,
  required: boolean,
): string | undefined {
  const key = String(at[at.length - 1]);
  if (typeof v !== "string" || (required && !v.trim())) {
    c.fail(
      at,
      "INVALID_VALUE",
      v,
      required ? "must be non-empty text" : "must be text",
      `write ${key}: <text>`,
    );
    return undefined;
  }
  // The API counts characters (code points), not UTF-16 units.
  const length = [...v].length;
  if (length > limit) {
    c.fail(
      at,
      "INVALID_VALUE",
      `${length} characters`,
      `is longer than the API's ${limit} characters`,
      `shorten ${key} to at most ${limit} characters`,
    );
    return undefined;
  }
  return v;
}

function permissions(c: Collector, at: PropertyPath, v: unknown): Permissions | undefined {
  if (!isRecord(v)) {
    c.fail(
      at,
      "INVALID_VALUE",
      v,
      "must be a mapping of permission → who",
      `write permissions: { manageMembersAndGroups: owners-and-managers }`,
    );
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, who] of Object.entries(v)) {
    if ((READ_ONLY_PERMISSION_KEYS as readonly string[]).includes(k)) {
      c.fail(
        [...at, k],
        "UNKNOWN_PROPERTY",
        who,
        "is set by the space type, not by a permission (the API treats it as output only)",
        'remove it; for a space where only owners and managers post use preset: "announcement"',
      );
      continue;
    }
    if (!(PERMISSION_KEYS as readonly string[]).includes(k)) {
      c.fail(
        [...at, k],
        "UNKNOWN_PROPERTY",
        who,
        "is not a permission setting",
        `remove it; known permissions: ${PERMISSION_KEYS.join(", ")}`,
      );
      continue;
    }
    if (!given(who)) continue;
    const w = oneOf(c, [...at, k], who, PERMISSION_WHO, "who may do it");
    if (w) out[k] = w;
  }
  return out as Permissions;
}

/**
 * A space's declared settings. `at` prefixes every failure's path (a member file's `space`);
 * `extraKeys` are the caller's own keys beside the settings (ChatSpace's useAdminAccess…).
 */
export function validateSpaceSettings(
  input: unknown,
  at: PropertyPath = [],
  extraKeys: readonly string[] = [],
): Validated<SpaceSettings> {
  const c = new Collector();
  const value = collectSpaceSettings(c, input, at, extraKeys);
  return c.failures.length || !value ? { ok: false, failures: c.failures } : { ok: true, value };
}

function collectSpaceSettings(
  c: Collector,
  input: unknown,
  at: PropertyPath,
  extraKeys: readonly string[],
): SpaceSettings | undefined {
  if (!isRecord(input)) {
    c.fail(
      at,
      "INVALID_VALUE",
      input,
      "must be a mapping of space settings",
      "write displayName: <name> and the settings to manage",
    );
    return undefined;
  }
  checkKeys(c, input, [...SPACE_SETTING_KEYS, ...extraKeys], at);
  const out: Record<string, unknown> = {};
  if (!given(input.displayName)) {
    c.fail(
      [...at, "displayName"],
      "MISSING_PROPERTY",
      input.displayName,
      "is required",
      "give the space's name as the Chat UI shows it",
    );
  } else {
    out.displayName = text(
      c,
      [...at, "displayName"],
      input.displayName,
      SPACE_LIMITS.displayName,
      true,
    );
  }
  for (const key of ["description", "guidelines"] as const) {
    if (given(input[key])) out[key] = text(c, [...at, key], input[key], SPACE_LIMITS[key], false);
  }
  if (given(input.externalUserAllowed)) {
    if (typeof input.externalUserAllowed === "boolean")
      out.externalUserAllowed = input.externalUserAllowed;
    else
      c.fail(
        [...at, "externalUserAllowed"],
        "INVALID_VALUE",
        input.externalUserAllowed,
        "must be true or false",
        "set externalUserAllowed: true or false, or leave it out",
      );
  }
  if (given(input.history))
    out.history = oneOf(c, [...at, "history"], input.history, HISTORY_STATES, "a history state");
  if (given(input.preset))
    out.preset = oneOf(c, [...at, "preset"], input.preset, SPACE_PRESETS, "a space type preset");
  if (given(input.audience)) {
    const a = input.audience;
    if (typeof a === "string" && (a === PRIVATE_AUDIENCE || AUDIENCE.test(a))) out.audience = a;
    else
      c.fail(
        [...at, "audience"],
        "INVALID_VALUE",
        a,
        "is not an audience",
        `use "audiences/default" (everyone in the organisation), "audiences/{id}" (a target audience) or "${PRIVATE_AUDIENCE}"`,
      );
  }
  if (given(input.permissions))
    out.permissions = permissions(c, [...at, "permissions"], input.permissions);
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as SpaceSettings;
}

/** ChatSpace's inputs: the settings, plus how the provider acts on the space. */
export interface NormalizedChatSpaceArgs {
  readonly settings: SpaceSettings;
  readonly useAdminAccess: boolean;
  readonly deletionPolicy: DeletionPolicy;
}

export const CHAT_SPACE_OWN_KEYS = ["useAdminAccess", "deletionPolicy"] as const;

export function validateChatSpaceArgs(input: unknown): Validated<NormalizedChatSpaceArgs> {
  const c = new Collector();
  const obj = requireRecord(c, input, "ChatSpace");
  if (!obj) return { ok: false, failures: c.failures };
  const settings = validateSpaceSettings(obj, [], CHAT_SPACE_OWN_KEYS);
  if (!settings.ok) c.failures.push(...settings.failures);
  const useAdminAccess = optionalBoolean(c, obj, "useAdminAccess", DEFAULT_USE_ADMIN_ACCESS);
  let deletionPolicy: DeletionPolicy = DEFAULT_DELETION_POLICY;
  if (given(obj.deletionPolicy)) {
    deletionPolicy =
      oneOf(c, ["deletionPolicy"], obj.deletionPolicy, DELETION_POLICIES, "a deletion policy") ??
      DEFAULT_DELETION_POLICY;
  }
  if (c.failures.length || !settings.ok) return { ok: false, failures: c.failures };
  return { ok: true, value: { settings: settings.value, useAdminAccess, deletionPolicy } };
}
