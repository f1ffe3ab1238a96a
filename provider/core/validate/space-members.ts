import {
  DEFAULT_ALLOW_EXTERNAL,
  DEFAULT_MAX_REMOVALS,
  DEFAULT_REMOVE_ON_DESTROY,
  DEFAULT_STALE_INVITE_DAYS,
  DEFAULT_STALE_INVITES,
  DEFAULT_USE_ADMIN_ACCESS,
} from "../defaults";
import { memberResourceName, parseMember } from "../member";
import {
  STALE_INVITES,
  type DesiredMember,
  type Member,
  type SpaceMembersMode,
  type StaleInvites,
} from "../types";
import {
  checkKeys,
  given,
  isRecord,
  optionalBoolean,
  optionalList,
  requiredSpace,
  requireRecord,
} from "./checks";
import { Collector, type Validated } from "./collector";
import { desiredMember } from "./entry";
import { domainList, internalOnly } from "./external";
import type { NormalizedSpaceMembersArgs } from "./normalized";

// Validation of ChatSpaceMembers inputs as the Pulumi layer receives them (untyped), before any
// API call: the mode, the removal limit, the declared members (one entry per person), the
// ignore list, and who may be external.

export const SPACE_MEMBERS_MODES: readonly SpaceMembersMode[] = ["authoritative", "additive"];

/** ChatSpaceMembers' settings: every input but the space and its member list. */
export const SPACE_MEMBERS_SETTINGS = [
  "mode",
  "ignore",
  "maxRemovals",
  "useAdminAccess",
  "removeOnDestroy",
  "allowExternal",
  "domains",
  "staleInvites",
  "staleInviteDays",
] as const;

export const SPACE_MEMBERS_KEYS = ["space", "members", ...SPACE_MEMBERS_SETTINGS];
export const ENTRY_KEYS = ["member", "role"];

/**
 * Validates ChatSpaceMembers inputs: `{space, members: [{member, role?}], mode, ignore?,
 * maxRemovals?, useAdminAccess?, removeOnDestroy?, allowExternal?, domains?}`.
 */
export function validateSpaceMembersArgs(input: unknown): Validated<NormalizedSpaceMembersArgs> {
  const c = new Collector();
  const obj = requireRecord(c, input, "ChatSpaceMembers");
  if (!obj) return { ok: false, failures: c.failures };
  checkKeys(c, obj, SPACE_MEMBERS_KEYS, []);
  const space = requiredSpace(c, obj.space);
  const useAdminAccess = optionalBoolean(c, obj, "useAdminAccess", DEFAULT_USE_ADMIN_ACCESS);
  const removeOnDestroy = optionalBoolean(c, obj, "removeOnDestroy", DEFAULT_REMOVE_ON_DESTROY);
  const mode = requiredMode(c, obj.mode);
  const maxRemovals = optionalMaxRemovals(c, obj.maxRemovals);
  const declared = declaredMembers(c, obj.members, useAdminAccess);
  const ignore = ignoreList(c, obj.ignore, declared.firstSeen);
  const allowExternal = optionalBoolean(c, obj, "allowExternal", DEFAULT_ALLOW_EXTERNAL);
  const domains = domainList(c, obj.domains, allowExternal);
  if (!allowExternal) internalOnly(c, declared.members, declared.declaredAt, domains);
  const staleInvites = optionalStaleInvites(c, obj.staleInvites);
  const staleInviteDays = optionalStaleDays(c, obj.staleInviteDays);

  if (c.failures.length > 0 || space === undefined) return { ok: false, failures: c.failures };
  return {
    ok: true,
    value: {
      space,
      members: declared.members,
      mode,
      ignore,
      maxRemovals,
      useAdminAccess,
      removeOnDestroy,
      allowExternal,
      domains,
      staleInvites,
      staleInviteDays,
    },
  };
}

function optionalStaleInvites(c: Collector, raw: unknown): StaleInvites {
  if (!given(raw)) return DEFAULT_STALE_INVITES;
  if ((STALE_INVITES as readonly unknown[]).includes(raw)) return raw as StaleInvites;
  c.fail(
    ["staleInvites"],
    "INVALID_VALUE",
    raw,
    `is not one of ${STALE_INVITES.join(", ")}`,
    `set staleInvites: keep, report (default: named on every plan) or revoke (removed, counted by maxRemovals)`,
  );
  return DEFAULT_STALE_INVITES;
}

function optionalStaleDays(c: Collector, raw: unknown): number {
  if (!given(raw)) return DEFAULT_STALE_INVITE_DAYS;
  if (typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 1) return raw;
  c.fail(
    ["staleInviteDays"],
    "INVALID_VALUE",
    raw,
    "must be a whole number of days, 1 or more",
    `set staleInviteDays to the age at which an unaccepted invitation is stale, or leave it out (default ${DEFAULT_STALE_INVITE_DAYS})`,
  );
  return DEFAULT_STALE_INVITE_DAYS;
}

function requiredMode(c: Collector, raw: unknown): SpaceMembersMode {
  if (given(raw) && (SPACE_MEMBERS_MODES as readonly unknown[]).includes(raw))
    return raw as SpaceMembersMode;
  c.fail(
    ["mode"],
    given(raw) ? "INVALID_VALUE" : "MISSING_PROPERTY",
    raw,
    given(raw) ? "is not a mode" : "is required",
    'set mode: "authoritative" (undeclared members are removed) or "additive" (only ensure the declared ones)',
  );
  return "authoritative";
}

function optionalMaxRemovals(c: Collector, raw: unknown): number {
  if (!given(raw)) return DEFAULT_MAX_REMOVALS;
  if (typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0) return raw;
  c.fail(
    ["maxRemovals"],
    "INVALID_VALUE",
    raw,
    "must be a whole number, 0 or more",
    `set maxRemovals to the most members one update may remove, or leave it out (default ${DEFAULT_MAX_REMOVALS})`,
  );
  return DEFAULT_MAX_REMOVALS;
}

interface DeclaredMembers {
  readonly members: DesiredMember[];
  /** For each usable member, its index in the declared list. */
  readonly declaredAt: number[];
  /** Member resource name → index of the entry that first declared it. */
  readonly firstSeen: Map<string, number>;
}

/** `members`: required (an empty list is allowed); one entry per member. */
function declaredMembers(c: Collector, raw: unknown, useAdminAccess: boolean): DeclaredMembers {
  const out: DeclaredMembers = { members: [], declaredAt: [], firstSeen: new Map() };
  const entries = optionalList(c, raw, "members");
  if (!given(raw))
    c.fail(
      ["members"],
      "MISSING_PROPERTY",
      raw,
      "is required",
      "list the members (an empty list is allowed)",
    );
  (entries ?? []).forEach((entry, i) => {
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
      const first = out.firstSeen.get(name);
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
      out.firstSeen.set(name, i);
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
    out.members.push(d);
    out.declaredAt.push(i);
  });
  return out;
}

/** `ignore`: members never touched; a member cannot be both declared and ignored. */
function ignoreList(c: Collector, raw: unknown, declared: ReadonlyMap<string, number>): Member[] {
  const ignore: Member[] = [];
  const ignored = new Set<string>();
  (optionalList(c, raw, "ignore") ?? []).forEach((entry, i) => {
    const m = c.attempt(["ignore", i], (f) => parseMember(entry, f));
    if (!m) return;
    const name = memberResourceName(m);
    const declaredAt = declared.get(name);
    if (declaredAt !== undefined) {
      c.fail(
        ["ignore", i],
        "IGNORED_AND_DECLARED",
        entry,
        `${name} is also declared in members[${declaredAt}]`,
        "either declare the member or ignore it, not both",
      );
      return;
    }
    if (ignored.has(name)) return;
    ignored.add(name);
    ignore.push(m);
  });
  return ignore;
}

function tryParseMember(raw: unknown): Member | undefined {
  try {
    return parseMember(raw);
  } catch {
    return undefined;
  }
}
