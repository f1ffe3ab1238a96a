// Compile-time checks of the shipped resource argument types (run by `tsc -p tsconfig.json
// --noEmit`, not by jest): each @ts-expect-error line must be a type error, or tsc fails on the
// unused directive. The resources are taken as types only, so nothing here registers a resource.
import type * as pulumi from "@pulumi/pulumi";
import type {
  ChatMembership,
  ChatMembershipArgs,
  ChatSpaceMembers,
  ChatSpaceMembersArgs,
  SpaceMemberEntryInput,
} from "../../provider/pulumi/resources";

// The classes as programs call them: their `const` type parameters infer literal members.
declare const Membership: typeof ChatMembership;
declare const SpaceMembers: typeof ChatSpaceMembers;

export const ok = [
  new Membership("g", { space: "AAA", member: "groups/g", useAdminAccess: true }),
  new Membership("alice", {
    space: "AAA",
    member: "alice@example.com",
    role: "owner",
    useAdminAccess: true,
  }),
  new Membership("app", { space: "AAA", member: "users/app", role: "member" }),
  new SpaceMembers("space", {
    space: "AAA",
    mode: "additive",
    members: [
      { member: "groups/g" },
      { member: "users/1", role: "ROLE_MANAGER" },
      { member: "app" },
    ],
  }),
];

declare const someone: string;
declare const someoneLater: pulumi.Output<string>;
declare const list: SpaceMemberEntryInput[];
export const dynamic = [
  new Membership("someone", { space: "AAA", member: someone, role: "owner" }),
  new Membership("later", { space: "AAA", member: someoneLater, role: "manager" }),
  new SpaceMembers("list", {
    space: "AAA",
    mode: "authoritative",
    members: list,
    useAdminAccess: true,
  }),
];

// The argument types on their own, as a program that builds them first would write them.
export const args: [ChatMembershipArgs<"groups/g">, ChatSpaceMembersArgs] = [
  { space: "AAA", member: "groups/g" },
  { space: "AAA", mode: "authoritative", members: [] },
];

export const rejected = [
  // @ts-expect-error a group takes no role
  new Membership("g", { space: "AAA", member: "groups/g", role: "member" }),
  // @ts-expect-error admin access cannot touch the app's membership
  new Membership("app", { space: "AAA", member: "users/app", useAdminAccess: true }),
  // @ts-expect-error the app is only a member
  new Membership("app", { space: "AAA", member: "app", role: "owner" }),
  // @ts-expect-error unknown role name
  new Membership("one", { space: "AAA", member: "users/1", role: "admin" }),
  new SpaceMembers("groups", {
    space: "AAA",
    mode: "additive",
    // @ts-expect-error a group in a member list takes no role
    members: [{ member: "groups/g", role: "owner" }],
  }),
  new SpaceMembers("app", {
    space: "AAA",
    mode: "additive",
    // @ts-expect-error the app in a member list is only a member
    members: [{ member: "users/app", role: "manager" }],
  }),
  new SpaceMembers("app-admin", {
    space: "AAA",
    mode: "additive",
    members: [{ member: "app" }],
    // @ts-expect-error admin access with the app declared
    useAdminAccess: true,
  }),
  // @ts-expect-error mode is required
  new SpaceMembers("no-mode", { space: "AAA", members: [] }),
  // @ts-expect-error a group takes no role, also when the args are written on their own
  { space: "AAA", member: "groups/g", role: "member" } satisfies ChatMembershipArgs<"groups/g">,
];
