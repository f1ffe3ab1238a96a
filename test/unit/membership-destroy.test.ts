// ChatMembership's onDestroy policy and the diff of a stored state against declared inputs.
import {
  adoptedDestroyNote,
  ON_DESTROY_VALUES,
  removesOnDestroy,
} from "../../provider/core/destroy";
import { diffMembership, validateMembershipArgs } from "../../provider/core";

describe("onDestroy", () => {
  it("removes only what the stack created by default; remove and keep are absolute", () => {
    expect(removesOnDestroy("remove-if-created", false)).toBe(true);
    expect(removesOnDestroy("remove-if-created", true)).toBe(false);
    expect(removesOnDestroy("remove", true)).toBe(true);
    expect(removesOnDestroy("remove", false)).toBe(true);
    expect(removesOnDestroy("keep", false)).toBe(false);
    expect(removesOnDestroy("keep", true)).toBe(false);
    expect(adoptedDestroyNote("remove-if-created")).toMatch(/keep it .*onDestroy: "remove"/);
    expect(adoptedDestroyNote("remove")).toMatch(/will remove it/);
  });

  it("defaults to remove-if-created and rejects other values naming field, value and the choices", () => {
    const ok = validateMembershipArgs({ space: "AAA", member: "users/1" });
    expect(ok.ok && ok.value.onDestroy).toBe("remove-if-created");
    for (const v of ON_DESTROY_VALUES) {
      const r = validateMembershipArgs({ space: "AAA", member: "users/1", onDestroy: v });
      expect(r.ok && r.value.onDestroy).toBe(v);
    }
    const bad = validateMembershipArgs({ space: "AAA", member: "users/1", onDestroy: true });
    expect(bad.ok).toBe(false);
    const [f] = bad.ok ? [] : bad.failures;
    expect(f?.property).toBe("onDestroy");
    expect(f?.reason).toContain("(got true)");
    for (const v of ON_DESTROY_VALUES) expect(f?.reason).toContain(`"${v}"`);
    // The boolean it replaced is not silently accepted.
    const legacy = validateMembershipArgs({ space: "AAA", member: "users/1", keepOnDestroy: true });
    expect(legacy.ok ? [] : legacy.failures.map((x) => x.code)).toEqual(["UNKNOWN_PROPERTY"]);
  });
});

describe("diffMembership against a stored state", () => {
  const state = (over: Record<string, unknown>) => ({
    space: "spaces/AAA",
    useAdminAccess: false,
    adopt: true,
    onDestroy: "remove-if-created",
    ...over,
  });

  it("a group's live MEMBERSHIP_ROLE_UNSPECIFIED is no change against an absent role", () => {
    const olds = state({
      member: "groups/eng",
      memberName: "groups/eng",
      role: "MEMBERSHIP_ROLE_UNSPECIFIED",
    });
    const d = diffMembership(olds, { space: "spaces/AAA", member: "groups/eng" });
    expect(d).toEqual({ changes: false, replaces: [], updates: [] });
  });

  it("a drifted live role is an update; changing onDestroy is an update, not a replace", () => {
    const olds = state({
      member: "users/carol@example.com",
      memberName: "users/3",
      role: "ROLE_MANAGER",
    });
    const news = { space: "spaces/AAA", member: "users/carol@example.com", role: "ROLE_MEMBER" };
    expect(diffMembership(olds, news)).toEqual({ changes: true, replaces: [], updates: ["role"] });
    expect(diffMembership(olds, { ...news, role: "ROLE_MANAGER", onDestroy: "keep" })).toEqual({
      changes: true,
      replaces: [],
      updates: ["onDestroy"],
    });
  });
});
