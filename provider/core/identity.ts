import type { Affiliation, Member } from "./types";

// One person (or group, or app) as the plan knows them: keyed inside by the canonical name the
// API uses, shown to people by email. An email rename changes the label, never the key, so it
// causes no write.

/** `users/{numeric id}`, `users/app` (the calling app), or `groups/{id}`. */
export type MemberId = string;

export interface Person {
  readonly id: MemberId;
  /** Lower-cased. Absent for groups, apps, and users the API gave no email for. */
  readonly email?: string;
  readonly displayName?: string;
  readonly affiliation?: Affiliation;
}

const USER_ID = /^users\/\d+$/;
/** A label that is a display name and an id, e.g. `Dave (users/123)`. */
const NAMED_ID = /\((users\/\d+)\)$/;

/**
 * How a person is named wherever someone reads it: their email; else, for a user whose email the
 * API did not give, the display name and id; else the id (groups, the app).
 */
export function label(p: Person): string {
  if (p.email) return p.email;
  if (USER_ID.test(p.id) && p.displayName) return `${p.displayName} (${p.id})`;
  return p.id;
}

/**
 * The id a label names, when the label alone tells it (`users/123`, `groups/x`, `users/app`,
 * `Name (users/123)`); undefined for an email, whose id only a lookup can tell.
 */
export function idInLabel(text: string): MemberId | undefined {
  if (text.includes("@")) return undefined;
  return NAMED_ID.exec(text)?.[1] ?? text;
}

/**
 * The id a declared member has without any lookup (numeric user ids, groups, the app), or its
 * email (lower-cased) when only a lookup or the list can tell its id.
 */
export function declaredKey(m: Member): { id: MemberId } | { email: string } {
  switch (m.kind) {
    case "app":
      return { id: "users/app" };
    case "group":
      return { id: `groups/${m.id}` };
    case "user":
      return m.ref.includes("@") ? { email: m.ref.toLowerCase() } : { id: `users/${m.ref}` };
  }
}
