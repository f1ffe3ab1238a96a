// Compile-time checks of the input types (run by `tsc -p tsconfig.json --noEmit`, not by jest):
// each @ts-expect-error line must be a type error, or tsc fails on the unused directive.
import type {
  ChatMembershipInputs,
  ChatSpaceMembersInputs,
  SpaceMemberEntryInput,
} from "../../provider/core";

class Membership<const M extends string = string> {
  constructor(readonly args: ChatMembershipInputs<M>) {}
}
class SpaceMembers<
  const T extends readonly SpaceMemberEntryInput[] = readonly SpaceMemberEntryInput[],
> {
  constructor(readonly args: ChatSpaceMembersInputs<T>) {}
}

export const ok = [
  new Membership({ space: "AAA", member: "groups/g", useAdminAccess: true }),
  new Membership({
    space: "AAA",
    member: "alice@example.com",
    role: "owner",
    useAdminAccess: true,
  }),
  new Membership({ space: "AAA", member: "users/app", role: "member" }),
  new SpaceMembers({
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
declare const list: SpaceMemberEntryInput[];
export const dynamic = [
  new Membership({ space: "AAA", member: someone, role: "owner" }),
  new SpaceMembers({ space: "AAA", mode: "authoritative", members: list, useAdminAccess: true }),
];

export const rejected = [
  // @ts-expect-error a group takes no role
  new Membership({ space: "AAA", member: "groups/g", role: "member" }),
  // @ts-expect-error admin access cannot touch the app's membership
  new Membership({ space: "AAA", member: "users/app", useAdminAccess: true }),
  // @ts-expect-error the app is only a member
  new Membership({ space: "AAA", member: "app", role: "owner" }),
  // @ts-expect-error unknown role name
  new Membership({ space: "AAA", member: "users/1", role: "admin" }),
  new SpaceMembers({
    space: "AAA",
    mode: "additive",
    // @ts-expect-error a group in a member list takes no role
    members: [{ member: "groups/g", role: "owner" }],
  }),
  new SpaceMembers({
    space: "AAA",
    mode: "additive",
    // @ts-expect-error the app in a member list is only a member
    members: [{ member: "users/app", role: "manager" }],
  }),
  new SpaceMembers({
    space: "AAA",
    mode: "additive",
    members: [{ member: "app" }],
    // @ts-expect-error admin access with the app declared
    useAdminAccess: true,
  }),
  // @ts-expect-error mode is required
  new SpaceMembers({ space: "AAA", members: [] }),
];
