import { ChatMembersError } from "./errors";
import { pathHazard } from "./path-safety";
import type { Member } from "./types";

const FIX =
  'use an email ("alice@example.com" or "users/alice@example.com"), a numeric user id ' +
  '("users/123456789"), a group ("groups/abc123") or the app ("users/app")';

// Google user ids (People / Directory API) are decimal numbers.
const USER_ID = /^[0-9]{1,64}$/;
// Cloud Identity group ids are short alphanumeric tokens.
const GROUP_ID = /^[A-Za-z0-9_-]{1,128}$/;
// A deliberately narrow email grammar: what Google accounts allow, nothing that needs escaping
// in a URL path. Local part: dot-separated atoms; domain: at least two LDH labels.
const LOCAL_ATOM = "[A-Za-z0-9_+'-]+";
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const EMAIL = new RegExp(
  `^${LOCAL_ATOM}(?:\\.${LOCAL_ATOM})*@${LABEL}(?:\\.${LABEL})*\\.[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$`,
);

/** True when `text` is an email address this project accepts. */
export function isValidEmail(text: string): boolean {
  if (text.length > 254) return false;
  const at = text.lastIndexOf("@");
  if (at < 1 || at > 64) return false;
  return EMAIL.test(text);
}

function invalid(field: string, value: unknown, reason: string): ChatMembersError {
  return new ChatMembersError({ code: "INVALID_MEMBER", field, value, reason, fix: FIX });
}

function parseUserRef(ref: string, field: string, input: string): Member {
  if (ref === "app") return { kind: "app" };
  if (USER_ID.test(ref)) return { kind: "user", ref };
  if (ref.includes("@")) {
    if (!isValidEmail(ref)) throw invalid(field, input, "is not a valid email address");
    return { kind: "user", ref: ref.toLowerCase() };
  }
  throw invalid(field, input, "is neither an email address nor a numeric user id");
}

/**
 * Parses a member reference: `users/{email|id}`, a bare email, a bare numeric id, `groups/{id}`,
 * `users/app` or `app`. Throws INVALID_MEMBER for anything else, including any text that could
 * change the request path or query once put into `spaces/X/members/{member}`.
 */
export function parseMember(input: unknown, field = "member"): Member {
  if (typeof input !== "string") throw invalid(field, input, "must be a string");
  const hazard = pathHazard(input);
  if (hazard) throw invalid(field, input, hazard);
  const slash = input.indexOf("/");
  if (slash < 0) return parseUserRef(input, field, input);
  const prefix = input.slice(0, slash);
  const rest = input.slice(slash + 1);
  if (rest.includes("/"))
    throw invalid(field, input, 'contains "/" beyond the users/ or groups/ prefix');
  if (prefix === "users") return parseUserRef(rest, field, input);
  if (prefix === "groups") {
    if (!GROUP_ID.test(rest)) {
      throw invalid(field, input, "is not a group id (letters, digits, _ and - only)");
    }
    return { kind: "group", id: rest };
  }
  throw invalid(field, input, `has the unknown prefix "${prefix}/" (expected users/ or groups/)`);
}

/** Canonical resource name: `users/{email|id}`, `groups/{id}` or `users/app`. */
export function memberResourceName(m: Member): string {
  switch (m.kind) {
    case "user":
      return `users/${m.ref}`;
    case "group":
      return `groups/${m.id}`;
    case "app":
      return "users/app";
  }
}

export function isEmailRef(m: Member): m is { kind: "user"; ref: string } {
  return m.kind === "user" && m.ref.includes("@");
}

/**
 * The name under which the API knows this member: emails are looked up in `resolved`
 * (lower-cased email → `users/{id}`); an unresolved email stays `users/{email}`.
 */
export function canonicalMemberName(m: Member, resolved: ReadonlyMap<string, string>): string {
  if (isEmailRef(m)) return resolved.get(m.ref.toLowerCase()) ?? `users/${m.ref.toLowerCase()}`;
  return memberResourceName(m);
}

/**
 * Whether a declared member and a live one (a Member or its canonical name) are the same.
 * Emails compare case-insensitively, and match a numeric id through `resolved`.
 */
export function isSameMember(
  declared: Member,
  live: Member | string,
  resolved: ReadonlyMap<string, string>,
): boolean {
  const liveMember = typeof live === "string" ? parseMember(live) : live;
  return canonicalMemberName(declared, resolved) === canonicalMemberName(liveMember, resolved);
}
