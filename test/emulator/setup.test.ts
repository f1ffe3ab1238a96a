// spaces.setup as revision 20261107 documents it: idempotent by requestId, the same
// external-user rule as members.create, and the documented Space fields kept, not dropped.
import { chat_v1 } from "@googleapis/chat";
import { DEMO, IDS, TestEmulator, apiError, humanRef, startTestEmulator } from "./helpers";

let t: TestEmulator;
let alice: chat_v1.Chat;
let bob: chat_v1.Chat;
beforeAll(async () => {
  t = await startTestEmulator();
  [alice, bob] = await Promise.all([t.user("alice@example.com"), t.user("bob@example.com")]);
});
afterEach(async () => {
  await t.expectValidResponses();
  await t.control.reset();
});
afterAll(() => t.stop());

const named = (displayName: string, extra: chat_v1.Schema$Space = {}) => ({
  space: { spaceType: "SPACE", displayName, ...extra },
});

describe("requestId", () => {
  it("returns the space the first request made, unchanged, to the same caller", async () => {
    const first = await alice.spaces.setup({
      requestBody: { ...named("Once"), requestId: "req-1" },
    });
    const again = await alice.spaces.setup({
      requestBody: { ...named("Different name"), requestId: "req-1" },
    });
    expect(again.data.name).toBe(first.data.name);
    expect(again.data.displayName).toBe("Once");
    const mine = await alice.spaces.list({ filter: 'spaceType = "SPACE"' });
    expect(mine.data.spaces?.filter((s) => s.displayName === "Once")).toHaveLength(1);
  });

  it("is an error for another caller", async () => {
    await alice.spaces.setup({ requestBody: { ...named("Once"), requestId: "req-2" } });
    await apiError(
      bob.spaces.setup({ requestBody: { ...named("Other"), requestId: "req-2" } }),
      409,
      "ALREADY_EXISTS",
    );
  });
});

describe("external users", () => {
  it("applies members.create's rule: a space without externalUserAllowed leaves them out", async () => {
    const { data } = await alice.spaces.setup({
      requestBody: {
        ...named("Internal only"),
        memberships: [humanRef("users/bob@example.com"), humanRef("users/dave@partner.example")],
      },
    });
    expect(data.externalUserAllowed).toBeUndefined();
    const list = await alice.spaces.members.list({ parent: data.name!, showInvited: true });
    expect(list.data.memberships?.map((m) => m.member?.name).sort()).toEqual(
      [`users/${IDS.alice}`, `users/${IDS.bob}`].sort(),
    );
    // The same user through members.create: the same rule, as an error.
    await apiError(
      alice.spaces.members.create({
        parent: data.name!,
        requestBody: humanRef("users/dave@partner.example"),
      }),
      400,
      "FAILED_PRECONDITION",
    );
  });

  it("admits them (invited) where the space allows them, and in group chats", async () => {
    const { data } = await alice.spaces.setup({
      requestBody: {
        space: { spaceType: "GROUP_CHAT" },
        memberships: [humanRef("users/bob@example.com"), humanRef("users/dave@partner.example")],
      },
    });
    const list = await alice.spaces.members.list({ parent: data.name!, showInvited: true });
    expect(list.data.memberships?.find((m) => m.member?.name === `users/${IDS.dave}`)?.state).toBe(
      "INVITED",
    );
  });
});

describe("documented Space fields", () => {
  it("keeps spaceDetails, spaceHistoryState, accessSettings.audience and the permission preset", async () => {
    const { data } = await alice.spaces.setup({
      requestBody: named("Announcements", {
        spaceDetails: { description: "News", guidelines: "Be kind" },
        spaceHistoryState: "HISTORY_OFF",
        accessSettings: { audience: "audiences/default" },
        predefinedPermissionSettings: "ANNOUNCEMENT_SPACE",
      }),
    });
    const { data: got } = await alice.spaces.get({ name: data.name! });
    expect(got).toMatchObject({
      spaceDetails: { description: "News", guidelines: "Be kind" },
      spaceHistoryState: "HISTORY_OFF",
      accessSettings: { accessState: "DISCOVERABLE", audience: "audiences/default" },
      permissionSettings: {
        postMessages: { managersAllowed: true, assistantManagersAllowed: true },
        replyMessages: { managersAllowed: true, membersAllowed: true },
      },
    });
    expect(got.permissionSettings?.postMessages?.membersAllowed).toBeUndefined();
    expect(got).not.toHaveProperty("predefinedPermissionSettings"); // input only
  });

  it("makes announcement spaces where plain members cannot add members", async () => {
    const { data } = await alice.spaces.setup({
      requestBody: {
        ...named("Announcements", { predefinedPermissionSettings: "ANNOUNCEMENT_SPACE" }),
        memberships: [humanRef("users/bob@example.com")],
      },
    });
    await apiError(
      bob.spaces.members.create({
        parent: data.name!,
        requestBody: humanRef("users/carol@example.com"),
      }),
      403,
      "PERMISSION_DENIED",
    );
  });

  it("refuses what it does not model instead of dropping it", async () => {
    await apiError(
      alice.spaces.setup({ requestBody: named("Import", { importMode: true }) }),
      501,
      "UNIMPLEMENTED",
    );
    await apiError(
      alice.spaces.setup({
        requestBody: { space: { spaceType: "DIRECT_MESSAGE", singleUserBotDm: true } },
      }),
      501,
      "UNIMPLEMENTED",
    );
    const bad = await apiError(
      alice.spaces.setup({
        requestBody: named("Aud", { accessSettings: { audience: "everyone" } }),
      }),
      400,
      "INVALID_ARGUMENT",
    );
    expect(bad.details).toEqual([
      expect.objectContaining({
        fieldViolations: [expect.objectContaining({ field: "space.access_settings.audience" })],
      }),
    ]);
  });

  it("answers ALREADY_EXISTS for a display name the organisation already uses", async () => {
    await apiError(
      alice.spaces.setup({ requestBody: named("Platform Team") }),
      409,
      "ALREADY_EXISTS",
    );
    const { data } = await alice.spaces.get({ name: DEMO });
    expect(data.displayName).toBe("Platform Team");
  });
});
