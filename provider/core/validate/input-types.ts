import type { AppRoleInput, RoleInput } from "../roles";
import type { OnDestroy, SpaceMembersMode } from "../types";

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
