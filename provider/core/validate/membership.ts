import { DEFAULT_ADOPT, DEFAULT_ON_DESTROY, DEFAULT_USE_ADMIN_ACCESS } from "../defaults";
import { isOnDestroy, ON_DESTROY_VALUES } from "../destroy";
import type { OnDestroy } from "../types";
import { checkKeys, given, optionalBoolean, requiredSpace, requireRecord } from "./checks";
import { Collector, type Validated } from "./collector";
import { desiredMember } from "./entry";
import type { NormalizedMembershipArgs } from "./normalized";

// Validation of ChatMembership inputs as the Pulumi layer receives them (untyped), before any
// API call.

export const MEMBERSHIP_KEYS = ["space", "member", "role", "useAdminAccess", "adopt", "onDestroy"];

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
