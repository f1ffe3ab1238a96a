import * as pulumi from "@pulumi/pulumi";
import type { AppRoleInput, RoleInput, RosterRole } from "../core/roles";
import type { Affiliation, MembershipState, OnDestroy, SpaceMembersMode } from "../core/types";
import { claimSpace } from "./conflicts";
import { membershipProvider, spaceMembersProvider, spaceProvider } from "./providers";
import type {
  DeletionPolicy,
  HistoryState,
  Permissions,
  SpacePreset,
} from "../core/space-settings";

// The Pulumi resources, as programs see them. They only translate arguments into the dynamic
// provider's inputs; validation and every API call happen in the provider (runtime.ts).

// Illegal combinations do not compile where TypeScript can tell (the provider's validation
// rejects them at run time either way). Use the classes with literal arguments so TypeScript
// infers the literal member(s): `new ChatMembership("n", { member: "groups/g", … })`.

export type GroupRef = `groups/${string}`;
export type AppRef = "users/app" | "app";

/** Per-member rules TypeScript can see: a group takes no role; the app no admin access. */
type MemberRules<M> = M extends GroupRef
  ? { readonly role?: never; readonly useAdminAccess?: pulumi.Input<boolean> }
  : M extends AppRef
    ? { readonly role?: AppRoleInput; readonly useAdminAccess?: false }
    : { readonly role?: pulumi.Input<RoleInput>; readonly useAdminAccess?: pulumi.Input<boolean> };

export type ChatMembershipArgs<M extends string = string> = {
  /** `spaces/AAAA…` or the bare id. */
  readonly space: pulumi.Input<string>;
  /**
   * `users/alice@example.com`, `alice@example.com`, `users/123…` (a user), `groups/…` (a
   * Google group) or `users/app` (the calling Chat app).
   */
  readonly member: M | pulumi.Output<string>;
  /**
   * An existing membership is adopted (its role reconciled, a warning printed) unless false,
   * which fails instead. Default true. This is how a stack takes over existing members:
   * `pulumi import` does not work for dynamic providers.
   */
  readonly adopt?: pulumi.Input<boolean>;
  /**
   * What destroy (and the delete half of a replace) does with the membership:
   * `"remove-if-created"` (default) removes it only if this stack created it, so a member who
   * was there before and was adopted stays; `"remove"` removes it either way; `"keep"` never
   * removes it. Changing it is an update without an API call.
   */
  readonly onDestroy?: pulumi.Input<OnDestroy>;
} & MemberRules<M>;

/** One member of one space. */
export class ChatMembership<const M extends string = string> extends pulumi.dynamic.Resource {
  /** The canonical membership name, `spaces/{space}/members/{id}`. */
  declare readonly name: pulumi.Output<string>;
  /** The canonical member, `users/{numeric id}`, `groups/{id}` or `users/app`. */
  declare readonly memberName: pulumi.Output<string>;
  declare readonly memberType: pulumi.Output<"HUMAN" | "BOT" | "GROUP">;
  declare readonly state: pulumi.Output<MembershipState>;
  /** The live role in the Chat UI's words; `group` for a group. */
  declare readonly role: pulumi.Output<RosterRole>;
  declare readonly createTime: pulumi.Output<string | undefined>;
  /** The member's email, when the API gives it (revision 20261107, user authentication). */
  declare readonly email: pulumi.Output<string | undefined>;
  declare readonly displayName: pulumi.Output<string | undefined>;
  /** INTERNAL, EXTERNAL or MANAGED_EXTERNAL (a guest), when the API gives it. */
  declare readonly affiliation: pulumi.Output<Affiliation | undefined>;
  /** True when the membership existed before this resource and was adopted. */
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: ChatMembershipArgs<M>, opts?: pulumi.CustomResourceOptions) {
    const claim = (space: string) => claimSpace(space, `ChatMembership "${name}"`, false);
    // A known space is claimed now, so a conflict fails the program before anything registers.
    if (typeof args.space === "string") claim(args.space);
    else pulumi.output(args.space).apply(claim);
    super(
      membershipProvider,
      name,
      {
        ...args,
        // Every output must be a key here for Pulumi to expose it, even when not given.
        role: (args as { role?: unknown }).role,
        name: undefined,
        memberName: undefined,
        memberType: undefined,
        state: undefined,
        createTime: undefined,
        email: undefined,
        displayName: undefined,
        affiliation: undefined,
        adopted: undefined,
      },
      opts,
      "googlechat:ChatMembership",
    );
  }
}

/** One entry of a ChatSpaceMembers member list. */
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

export type ChatSpaceMembersArgs<
  T extends readonly SpaceMemberEntryInput[] = readonly SpaceMemberEntryInput[],
> = {
  readonly space: pulumi.Input<string>;
  /** Every declared member with its role (member, manager, owner or the API names). */
  readonly members: T & CheckedSpaceMemberEntries<T>;
  /**
   * `authoritative`: anyone undeclared (and not ignored) is removed. `additive`: only the
   * declared members are ensured; nobody is removed or demoted.
   */
  readonly mode: SpaceMembersMode;
  /** Members never added, removed or re-roled (break-glass accounts, the calling app…). */
  readonly ignore?: readonly string[];
  /** A plan that removes more members fails, listing them. Default 5. */
  readonly maxRemovals?: number;
  /** Not with the app (`users/app`) declared: admin access cannot manage the app's membership. */
  readonly useAdminAccess?: HasApp<T> extends true ? false : boolean;
  /** On destroy, remove the members this resource added. Default false: destroy keeps everyone. */
  readonly removeOnDestroy?: boolean;
  /**
   * false: declaring an external or guest account is an error before any call, and external
   * members found in the space are named in a warning on every preview. Needs `domains`.
   */
  readonly allowExternal?: boolean;
  /** The organisation's email domains: an address outside them is external. */
  readonly domains?: readonly string[];
};

/** The whole member list of a space. */
export class ChatSpaceMembers<
  const T extends readonly SpaceMemberEntryInput[] = readonly SpaceMemberEntryInput[],
>
  extends pulumi.dynamic.Resource
{
  /**
   * Every member of the space, as seen at the last refresh or update: person (email; else
   * display name and `users/{id}`; groups `groups/{id}`) → role in the Chat UI's words
   * (`member`, `manager`, `owner`; `group` for a group).
   */
  declare readonly members: pulumi.Output<Record<string, RosterRole>>;
  declare readonly space: pulumi.Output<string>;
  /** The members this resource added, as `users/{id}` (removed on destroy only with removeOnDestroy). */
  declare readonly added: pulumi.Output<string[]>;
  /** Members who are invited but have not joined yet. */
  declare readonly invited: pulumi.Output<string[]>;
  /** Members outside the organisation: person → EXTERNAL, or MANAGED_EXTERNAL (a guest). */
  declare readonly affiliation: pulumi.Output<Record<string, "EXTERNAL" | "MANAGED_EXTERNAL">>;

  constructor(name: string, args: ChatSpaceMembersArgs<T>, opts?: pulumi.CustomResourceOptions) {
    const claim = (space: string) =>
      claimSpace(space, `ChatSpaceMembers "${name}"`, args.mode === "authoritative");
    // A known space is claimed now, so a conflict fails the program before anything registers.
    if (typeof args.space === "string") claim(args.space);
    else pulumi.output(args.space).apply(claim);
    super(
      spaceMembersProvider,
      name,
      { ...args, added: undefined, invited: undefined, affiliation: undefined },
      opts,
      "googlechat:ChatSpaceMembers",
    );
  }
}

export interface ChatSpaceArgs {
  /** The space's name as the Chat UI shows it (at most 128 characters). */
  readonly displayName: pulumi.Input<string>;
  readonly description?: pulumi.Input<string>;
  readonly guidelines?: pulumi.Input<string>;
  /** Whether people outside the organisation may join. Fixed at creation: a change is a replace. */
  readonly externalUserAllowed?: pulumi.Input<boolean>;
  /** Whether messages are kept: `on` or `off`. */
  readonly history?: pulumi.Input<HistoryState>;
  /** Discoverable to: `audiences/default` (the organisation), `audiences/{id}`, or `private`. */
  readonly audience?: pulumi.Input<string>;
  /** `collaboration` or `announcement` (only managers post). Fixed at creation: a replace. */
  readonly preset?: pulumi.Input<SpacePreset>;
  /** Who may do what: `owners`, `owners-and-managers` or `everyone`, per permission. */
  readonly permissions?: pulumi.Input<Permissions>;
  /**
   * What destroy and a replace do with the space: `retain` (default) leaves it, with its members
   * and messages, and drops it from the state; `delete` deletes it for everyone.
   */
  readonly deletionPolicy?: pulumi.Input<DeletionPolicy>;
  /** Act as a Workspace admin (chat.admin.spaces) for patches and reads. */
  readonly useAdminAccess?: pulumi.Input<boolean>;
}

/** A named Google Chat space (spaceType SPACE) and its settings. */
export class ChatSpace extends pulumi.dynamic.Resource {
  /** `spaces/{id}`: give it to ChatSpaceMembers or ChatMembership as `space`. */
  declare readonly name: pulumi.Output<string>;
  declare readonly spaceUri: pulumi.Output<string>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly guidelines: pulumi.Output<string>;
  declare readonly externalUserAllowed: pulumi.Output<boolean>;
  declare readonly history: pulumi.Output<HistoryState>;
  declare readonly audience: pulumi.Output<string>;
  /** Every permission setting as the space has it (`custom: …` for one the UI cannot name). */
  declare readonly permissions: pulumi.Output<Record<string, string>>;
  declare readonly deletionPolicy: pulumi.Output<DeletionPolicy>;

  constructor(name: string, args: ChatSpaceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      spaceProvider,
      name,
      {
        // Every output must be a key here for Pulumi to expose it, even when not given.
        description: undefined,
        guidelines: undefined,
        externalUserAllowed: undefined,
        history: undefined,
        audience: undefined,
        permissions: undefined,
        deletionPolicy: undefined,
        ...args,
        name: undefined,
        spaceUri: undefined,
        createTime: undefined,
      },
      opts,
      "googlechat:ChatSpace",
    );
  }
}
