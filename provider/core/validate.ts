import {
  DEFAULT_ADOPT,
  DEFAULT_ALLOW_EXTERNAL,
  DEFAULT_MAX_REMOVALS,
  DEFAULT_ON_DESTROY,
  DEFAULT_REMOVE_ON_DESTROY,
  DEFAULT_USE_ADMIN_ACCESS,
} from "./defaults";
import { isOnDestroy, ON_DESTROY_VALUES } from "./destroy";
import { ChatMembersError, formatErrorLine, type ChatMembersErrorCode } from "./errors";
import { memberResourceName, parseMember } from "./member";
import { parseRole, type AppRoleInput, type RoleInput } from "./roles";
import { parseSpace } from "./space";
import type { DesiredMember, Member, OnDestroy, SpaceMembersMode } from "./types";

// Validation of resource inputs as the Pulumi layer receives them (untyped), before any API call.
// Every failure names the property, the value and the fix; all failures are reported at once.

export type PropertyPath = readonly (string | number)[];

export interface ValidationFailure {
  /** Pulumi-style property path, e.g. `members[2].role`. */
  readonly property: string;
  /** One line: what is wrong, the value, and the fix. */
  readonly reason: string;
  readonly code: ChatMembersErrorCode;
  readonly path: PropertyPath;
}

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failures: readonly ValidationFailure[] };

export const SPACE_MEMBERS_MODES: readonly SpaceMembersMode[] = ["authoritative", "additive"];

// ---- Normalised arguments (what the resources work with) ----

export type NormalizedMembershipArgs = DesiredMember & {
  readonly space: string;
  readonly useAdminAccess: boolean;
  readonly adopt: boolean;
  readonly onDestroy: OnDestroy;
};

export interface NormalizedSpaceMembersArgs {
  readonly space: string;
  readonly members: readonly DesiredMember[];
  readonly mode: SpaceMembersMode;
  readonly ignore: readonly Member[];
  readonly maxRemovals: number;
  readonly useAdminAccess: boolean;
  readonly removeOnDestroy: boolean;
  /** false: no external or guest member may be declared, and those found are warned about. */
  readonly allowExternal: boolean;
  /** The organisation's email domains (lower case): who is external, before any call. */
  readonly domains: readonly string[];
}

// ---- Input types: illegal combinations do not compile where TypeScript can tell ----

export type GroupRef = `groups/${string}`;
export type AppRef = "users/app" | "app";

/** Per-member rules: a group takes no role; the app is only a member and never via admin access. */
export type MembershipRules<M extends string> = M extends GroupRef
  ? { readonly role?: never; readonly useAdminAccess?: boolean }
  : M extends AppRef
    ? { readonly role?: AppRoleInput; readonly useAdminAccess?: false }
    : { readonly role?: RoleInput; readonly useAdminAccess?: boolean };

/**
 * ChatMembership inputs. Use with a generic class so TypeScript infers the literal member:
 * `class ChatMembership<const M extends string = string> { constructor(n: string, a: ChatMembershipInputs<M>) }`.
 */
export type ChatMembershipInputs<M extends string = string> = {
  readonly space: string;
  readonly member: M;
  readonly adopt?: boolean;
  /** Default "remove-if-created": an adopted member stays on destroy. */
  readonly onDestroy?: OnDestroy;
} & MembershipRules<M>;

export interface SpaceMemberEntryInput {
  readonly member: string;
  readonly role?: RoleInput;
}

type EntryRoleRule<M> = M extends GroupRef
  ? { readonly role?: never }
  : M extends AppRef
    ? { readonly role?: AppRoleInput }
    : { readonly role?: RoleInput };

/** Maps a (const-inferred) member tuple to itself plus the per-entry role rule. */
export type CheckedSpaceMemberEntries<T extends readonly SpaceMemberEntryInput[]> = {
  readonly [K in keyof T]: T[K] & EntryRoleRule<T[K]["member"]>;
};

type HasApp<T extends readonly SpaceMemberEntryInput[]> = [
  Extract<T[number]["member"], AppRef>,
] extends [never]
  ? false
  : true;

/**
 * ChatSpaceMembers inputs; use with `class ChatSpaceMembers<const T extends readonly
 * SpaceMemberEntryInput[] = readonly SpaceMemberEntryInput[]>` so literal entries are checked.
 */
export interface ChatSpaceMembersInputs<
  T extends readonly SpaceMemberEntryInput[] = readonly SpaceMemberEntryInput[],
> {
  readonly space: string;
  readonly members: T & CheckedSpaceMemberEntries<T>;
  readonly mode: SpaceMembersMode;
  readonly ignore?: readonly string[];
  /** Default DEFAULT_MAX_REMOVALS (5). */
  readonly maxRemovals?: number;
  readonly useAdminAccess?: HasApp<T> extends true ? false : boolean;
  readonly removeOnDestroy?: boolean;
  readonly allowExternal?: boolean;
  readonly domains?: readonly string[];
}

// ---- Runtime validation ----

const MEMBERSHIP_KEYS = ["space", "member", "role", "useAdminAccess", "adopt", "onDestroy"];
const SPACE_MEMBERS_KEYS = [
  "space",
  "members",
  "mode",
  "ignore",
  "maxRemovals",
  "useAdminAccess",
  "removeOnDestroy",
  "allowExternal",
  "domains",
];
const ENTRY_KEYS = ["member", "role"];

export function propertyName(path: PropertyPath): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

class Collector {
  readonly failures: ValidationFailure[] = [];

  fail(
    path: PropertyPath,
    code: ChatMembersErrorCode,
    value: unknown,
    reason: string,
    fix: string,
  ) {
    const property = propertyName(path);
    this.failures.push({
      property,
      code,
      path,
      reason: formatErrorLine({ field: property, value, reason, fix }),
    });
  }

  /** Runs a core parser, turning its ChatMembersError into a failure at `path`. */
  attempt<T>(path: PropertyPath, parse: (field: string) => T): T | undefined {
    try {
      return parse(propertyName(path));
    } catch (e) {
      if (!(e instanceof ChatMembersError)) throw e;
      this.failures.push({ property: propertyName(path), code: e.code, path, reason: e.message });
      return undefined;
    }
  }
}

function tryParseMember(raw: unknown): Member | undefined {
  try {
    return parseMember(raw);
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** null and undefined both mean "not given" (Pulumi passes either). */
function given(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function checkKeys(
  c: Collector,
  obj: Record<string, unknown>,
  allowed: string[],
  at: PropertyPath,
) {
  for (const key of Object.keys(obj)) {
    // Engine-internal keys (e.g. the dynamic provider's `__provider`) are not user input.
    if (allowed.includes(key) || key.startsWith("__")) continue;
    c.fail(
      [...at, key],
      "UNKNOWN_PROPERTY",
      obj[key],
      "is not a known property",
      `remove it; known properties: ${allowed.join(", ")}`,
    );
  }
}

function optionalBoolean(c: Collector, obj: Record<string, unknown>, key: string, dflt: boolean) {
  const v = obj[key];
  if (!given(v)) return dflt;
  if (typeof v === "boolean") return v;
  c.fail(
    [key],
    "INVALID_VALUE",
    v,
    "must be true or false",
    `set ${key}: true or ${key}: false, or leave it out (default ${dflt})`,
  );
  return dflt;
}

function requireRecord(
  c: Collector,
  input: unknown,
  what: string,
): Record<string, unknown> | undefined {
  if (isRecord(input)) return input;
  c.fail(
    [],
    "INVALID_VALUE",
    input,
    `${what} arguments must be an object`,
    "pass an object of inputs",
  );
  return undefined;
}

/**
 * Parses one declared member and its role and applies the per-kind rules. Returns undefined
 * (after recording failures) when the entry is unusable.
 */
function desiredMember(
  c: Collector,
  rawMember: unknown,
  rawRole: unknown,
  useAdminAccess: boolean,
  memberPath: PropertyPath,
  rolePath: PropertyPath,
  adminPath: PropertyPath,
): DesiredMember | undefined {
  if (!given(rawMember)) {
    c.fail(
      memberPath,
      "MISSING_PROPERTY",
      rawMember,
      "is required",
      'name the member, e.g. "users/alice@example.com"',
    );
    return undefined;
  }
  const member = c.attempt(memberPath, (f) => parseMember(rawMember, f));
  const role = given(rawRole) ? c.attempt(rolePath, (f) => parseRole(rawRole, f)) : undefined;
  if (!member) return undefined;
  if (given(rawRole) && role === undefined) return undefined;
  switch (member.kind) {
    case "group":
      if (given(rawRole)) {
        c.fail(
          rolePath,
          "ROLE_NOT_ALLOWED",
          rawRole,
          `a group (${memberResourceName(member)}) has no role: Chat always gives groups MEMBERSHIP_ROLE_UNSPECIFIED`,
          "remove the role from the group entry",
        );
        return undefined;
      }
      return { member };
    case "app":
      if (useAdminAccess) {
        c.fail(
          adminPath,
          "ADMIN_ACCESS_NOT_ALLOWED",
          true,
          "admin access cannot create or delete the app's membership (users/app)",
          "drop useAdminAccess, or manage users/app with a separate resource that does not use admin access",
        );
        return undefined;
      }
      if (role !== undefined && role !== "ROLE_MEMBER") {
        c.fail(
          rolePath,
          "ROLE_NOT_ALLOWED",
          rawRole,
          "the app (users/app) can only be a member",
          'remove the role or set it to "member"',
        );
        return undefined;
      }
      return { member, role: "ROLE_MEMBER" };
    case "user":
      // No role given: authoritative mode makes them a member, additive keeps theirs (plan.ts).
      return role === undefined ? { member } : { member, role };
  }
}

function optionalOnDestroy(c: Collector, raw: unknown): OnDestroy {
  if (!given(raw)) return DEFAULT_ON_DESTROY;
  if (isOnDestroy(raw)) return raw;
  c.fail(
    ["onDestroy"],
    "INVALID_VALUE",
    raw,
    `is not one of ${ON_DESTROY_VALUES.map((v) => `"${v}"`).join(", ")}`,
    'set onDestroy: "remove-if-created" (default: remove only a member this stack added), "remove" (also an adopted one) or "keep" (never remove), or leave it out',
  );
  return DEFAULT_ON_DESTROY;
}

/** Validates ChatMembership inputs: `{space, member, role?, useAdminAccess?, adopt?, onDestroy?}`. */
export function validateMembershipArgs(input: unknown): Validated<NormalizedMembershipArgs> {
  const c = new Collector();
  const obj = requireRecord(c, input, "ChatMembership");
  if (!obj) return { ok: false, failures: c.failures };
  checkKeys(c, obj, MEMBERSHIP_KEYS, []);
  const space = requiredSpace(c, obj.space);
  const useAdminAccess = optionalBoolean(c, obj, "useAdminAccess", DEFAULT_USE_ADMIN_ACCESS);
  const adopt = optionalBoolean(c, obj, "adopt", DEFAULT_ADOPT);
  const onDestroy = optionalOnDestroy(c, obj.onDestroy);
  const desired = desiredMember(
    c,
    obj.member,
    obj.role,
    useAdminAccess,
    ["member"],
    ["role"],
    ["useAdminAccess"],
  );
  if (c.failures.length > 0 || !desired || space === undefined)
    return { ok: false, failures: c.failures };
  return { ok: true, value: { ...desired, space, useAdminAccess, adopt, onDestroy } };
}

function requiredSpace(c: Collector, raw: unknown): string | undefined {
  if (!given(raw)) {
    c.fail(
      ["space"],
      "MISSING_PROPERTY",
      raw,
      "is required",
      'set space: "spaces/AAAA…" (from the space URL)',
    );
    return undefined;
  }
  return c.attempt(["space"], (f) => parseSpace(raw, f));
}

function memberList(c: Collector, raw: unknown, key: string): unknown[] | undefined {
  if (!given(raw)) return undefined;
  if (Array.isArray(raw)) return raw;
  c.fail([key], "INVALID_VALUE", raw, "must be a list", `write ${key} as a list`);
  return undefined;
}

/**
 * Validates ChatSpaceMembers inputs: `{space, members: [{member, role?}], mode, ignore?,
 * maxRemovals?, useAdminAccess?, removeOnDestroy?}`.
 */
export function validateSpaceMembersArgs(input: unknown): Validated<NormalizedSpaceMembersArgs> {
  const c = new Collector();
  const obj = requireRecord(c, input, "ChatSpaceMembers");
  if (!obj) return { ok: false, failures: c.failures };
  checkKeys(c, obj, SPACE_MEMBERS_KEYS, []);
  const space = requiredSpace(c, obj.space);
  const useAdminAccess = optionalBoolean(c, obj, "useAdminAccess", DEFAULT_USE_ADMIN_ACCESS);
  const removeOnDestroy = optionalBoolean(c, obj, "removeOnDestroy", DEFAULT_REMOVE_ON_DESTROY);

  let mode: SpaceMembersMode = "authoritative";
  if (!given(obj.mode) || !(SPACE_MEMBERS_MODES as readonly unknown[]).includes(obj.mode)) {
    c.fail(
      ["mode"],
      given(obj.mode) ? "INVALID_VALUE" : "MISSING_PROPERTY",
      obj.mode,
      given(obj.mode) ? "is not a mode" : "is required",
      'set mode: "authoritative" (undeclared members are removed) or "additive" (only ensure the declared ones)',
    );
  } else mode = obj.mode as SpaceMembersMode;

  let maxRemovals = DEFAULT_MAX_REMOVALS;
  if (given(obj.maxRemovals)) {
    const v = obj.maxRemovals;
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) maxRemovals = v;
    else
      c.fail(
        ["maxRemovals"],
        "INVALID_VALUE",
        v,
        "must be a whole number, 0 or more",
        `set maxRemovals to the most members one update may remove, or leave it out (default ${DEFAULT_MAX_REMOVALS})`,
      );
  }

  const members: DesiredMember[] = [];
  const declaredAt: number[] = [];
  const firstSeen = new Map<string, number>();
  const rawMembers = memberList(c, obj.members, "members");
  if (!given(obj.members))
    c.fail(
      ["members"],
      "MISSING_PROPERTY",
      obj.members,
      "is required",
      "list the members (an empty list is allowed)",
    );
  (rawMembers ?? []).forEach((entry, i) => {
    if (!isRecord(entry)) {
      c.fail(
        ["members", i],
        "INVALID_VALUE",
        entry,
        "must be an object {member, role?}",
        'write { member: "users/alice@example.com", role: "member" }',
      );
      return;
    }
    checkKeys(c, entry, ENTRY_KEYS, ["members", i]);
    // Duplicates are found even when the entry has other faults, so all problems show at once.
    const parsed = tryParseMember(entry.member);
    if (parsed) {
      const name = memberResourceName(parsed);
      const first = firstSeen.get(name);
      if (first !== undefined) {
        c.fail(
          ["members", i, "member"],
          "DUPLICATE_MEMBER",
          entry.member,
          `declares ${name} again (already members[${first}])`,
          "keep one entry per member",
        );
        return;
      }
      firstSeen.set(name, i);
    }
    const d = desiredMember(
      c,
      entry.member,
      entry.role,
      useAdminAccess,
      ["members", i, "member"],
      ["members", i, "role"],
      ["members", i, "member"],
    );
    if (!d) return;
    members.push(d);
    declaredAt.push(i);
  });

  const ignore: Member[] = [];
  const ignored = new Set<string>();
  (memberList(c, obj.ignore, "ignore") ?? []).forEach((raw, i) => {
    const m = c.attempt(["ignore", i], (f) => parseMember(raw, f));
    if (!m) return;
    const name = memberResourceName(m);
    const declaredAt = firstSeen.get(name);
    if (declaredAt !== undefined) {
      c.fail(
        ["ignore", i],
        "IGNORED_AND_DECLARED",
        raw,
        `${name} is also declared in members[${declaredAt}]`,
        "either declare the member or ignore it, not both",
      );
      return;
    }
    if (ignored.has(name)) return;
    ignored.add(name);
    ignore.push(m);
  });

  const allowExternal = optionalBoolean(c, obj, "allowExternal", DEFAULT_ALLOW_EXTERNAL);
  const domains = domainList(c, obj.domains, allowExternal);
  if (!allowExternal) internalOnly(c, members, declaredAt, domains);

  if (c.failures.length > 0 || space === undefined) return { ok: false, failures: c.failures };
  return {
    ok: true,
    value: {
      space,
      members,
      mode,
      ignore,
      maxRemovals,
      useAdminAccess,
      removeOnDestroy,
      allowExternal,
      domains,
    },
  };
}

const DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** `domains`: lower-cased; required when external members are not allowed. */
function domainList(c: Collector, raw: unknown, allowExternal: boolean): string[] {
  const list = memberList(c, raw, "domains") ?? [];
  const out: string[] = [];
  list.forEach((d, i) => {
    const v = typeof d === "string" ? d.trim().toLowerCase() : d;
    if (typeof v === "string" && DOMAIN.test(v)) out.push(v);
    else
      c.fail(
        ["domains", i],
        "INVALID_VALUE",
        d,
        "is not an email domain",
        'write the domain part of your organisation\'s addresses, e.g. "example.com"',
      );
  });
  if (!allowExternal && out.length === 0 && list.length === 0)
    c.fail(
      ["domains"],
      "MISSING_PROPERTY",
      raw,
      "is required with allowExternal: false (it tells who is external before any call)",
      'list your organisation\'s email domains, e.g. domains: ["example.com"]',
    );
  return out;
}

/**
 * allowExternal: false — every declared user must be an address in `domains`. A numeric id
 * tells nothing before a call, so it must be declared by email.
 */
function internalOnly(
  c: Collector,
  members: readonly DesiredMember[],
  at: readonly number[],
  domains: readonly string[],
) {
  const fix = `declare only addresses in ${domains.join(", ") || "domains"}, or set allowExternal: true`;
  members.forEach((d, k) => {
    if (d.member.kind !== "user") return;
    const ref = d.member.ref;
    const path = ["members", at[k]!, "member"];
    if (!ref.includes("@"))
      c.fail(
        path,
        "EXTERNAL_NOT_ALLOWED",
        `users/${ref}`,
        "is a numeric id: whether it is external cannot be told before a call",
        `declare the user by email (allowExternal is false); ${fix}`,
      );
    else if (!domains.includes(ref.slice(ref.lastIndexOf("@") + 1)))
      c.fail(
        path,
        "EXTERNAL_NOT_ALLOWED",
        ref,
        "is outside the organisation (allowExternal is false)",
        fix,
      );
  });
}

/** All failures as one error (one line each), for callers that prefer exceptions. */
export function failuresToError(failures: readonly ValidationFailure[]): ChatMembersError {
  const first = failures[0];
  return new ChatMembersError(
    {
      code: first?.code ?? "INVALID_VALUE",
      field: first?.property ?? "",
      value: undefined,
      reason: "invalid inputs",
      fix: "correct the inputs listed",
    },
    failures.map((f) => f.reason).join("\n"),
  );
}
