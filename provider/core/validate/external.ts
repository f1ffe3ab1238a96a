import type { DesiredMember } from "../types";
import { optionalList } from "./checks";
import type { Collector } from "./collector";

// ChatSpaceMembers' `allowExternal` and `domains`: who is external, told before any call.

const DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** `domains`: lower-cased; required when external members are not allowed. */
export function domainList(c: Collector, raw: unknown, allowExternal: boolean): string[] {
  const list = optionalList(c, raw, "domains") ?? [];
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
export function internalOnly(
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
