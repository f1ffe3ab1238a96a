// spaces.create / patch / delete / search, with Google's own client, against revision 20261107's rules.
import { chat_v1 } from "@googleapis/chat";
import { DEMO, GROUP_CHAT, IDS, SCOPE, TestEmulator, apiError, startTestEmulator } from "./helpers";

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

const create = (c: chat_v1.Chat, space: chat_v1.Schema$Space, requestId?: string) =>
  c.spaces.create({ requestBody: space, ...(requestId ? { requestId } : {}) });

describe("spaces.create", () => {
  it("makes a named space with its settings; the caller joins as owner", async () => {
    const { data } = await create(alice, {
      spaceType: "SPACE",
      displayName: "Team Rocket",
      spaceDetails: { description: "launches", guidelines: "be kind" },
      spaceHistoryState: "HISTORY_OFF",
      accessSettings: { audience: "audiences/default" },
      predefinedPermissionSettings: "ANNOUNCEMENT_SPACE",
      externalUserAllowed: true,
    });
    expect(data).toMatchObject({
      spaceType: "SPACE",
      displayName: "Team Rocket",
      spaceDetails: { description: "launches", guidelines: "be kind" },
      spaceHistoryState: "HISTORY_OFF",
      accessSettings: { accessState: "DISCOVERABLE", audience: "audiences/default" },
      externalUserAllowed: true,
      permissionSettings: {
        postMessages: { managersAllowed: true, assistantManagersAllowed: true },
      },
    });
    expect(data.spaceUri).toMatch(/^https:\/\/chat\.google\.com\/room\//);
    const members = await alice.spaces.members.list({ parent: data.name! });
    expect(members.data.memberships?.map((m) => [m.member?.name, m.role])).toEqual([
      [`users/${IDS.alice}`, "ROLE_MANAGER"],
    ]);
  });

  it("is idempotent by requestId for the same caller, an error for another", async () => {
    const a = await create(alice, { spaceType: "SPACE", displayName: "Once" }, "req-1");
    const b = await create(alice, { spaceType: "SPACE", displayName: "Once" }, "req-1");
    expect(b.data.name).toBe(a.data.name);
    await apiError(
      create(bob, { spaceType: "SPACE", displayName: "Twice" }, "req-1"),
      409,
      "ALREADY_EXISTS",
    );
    const { data } = await alice.spaces.list({});
    expect(data.spaces?.filter((s) => s.displayName === "Once")).toHaveLength(1);
  });

  it("refuses a taken name, a missing or long name, other space types, permission settings, customer", async () => {
    await apiError(
      create(alice, { spaceType: "SPACE", displayName: "Platform Team" }),
      409,
      "ALREADY_EXISTS",
    );
    await apiError(create(alice, { spaceType: "SPACE" }), 400, "INVALID_ARGUMENT");
    await apiError(
      create(alice, { spaceType: "SPACE", displayName: "x".repeat(129) }),
      400,
      "INVALID_ARGUMENT",
    );
    await apiError(create(alice, { spaceType: "GROUP_CHAT" }), 400, "INVALID_ARGUMENT");
    await apiError(
      create(alice, {
        spaceType: "SPACE",
        displayName: "P",
        permissionSettings: { manageApps: { managersAllowed: true } },
      }),
      400,
      "INVALID_ARGUMENT",
    );
    await apiError(
      create(alice, { spaceType: "SPACE", displayName: "C", customer: "customers/my_customer" }),
      400,
      "INVALID_ARGUMENT",
    );
    await apiError(
      create(alice, {
        spaceType: "SPACE",
        displayName: "D",
        spaceDetails: { description: "d".repeat(4097) },
      }),
      400,
      "INVALID_ARGUMENT",
    );
  });

  it("needs a create scope; app auth needs customer and joins the app as a plain member", async () => {
    const readOnly = await t.user("alice@example.com", [SCOPE("chat.spaces.readonly")]);
    await apiError(
      create(readOnly, { spaceType: "SPACE", displayName: "No" }),
      403,
      "PERMISSION_DENIED",
    );
    const app = await t.app([SCOPE("chat.app.spaces.create")]);
    await apiError(
      create(app, { spaceType: "SPACE", displayName: "App space" }),
      400,
      "INVALID_ARGUMENT",
    );
    const { data } = await create(app, {
      spaceType: "SPACE",
      displayName: "App space",
      customer: "customers/my_customer",
    });
    const members = await t.control.listMembers(data.name!);
    expect(members.map((m) => [m.member?.type, m.role])).toEqual([["BOT", "ROLE_MEMBER"]]);
  });
});

describe("spaces.patch", () => {
  const patch = (
    c: chat_v1.Chat,
    updateMask: string,
    requestBody: chat_v1.Schema$Space,
    name = DEMO,
  ) => c.spaces.patch({ name, updateMask, requestBody });

  it("updates name and details together; details are replaced whole", async () => {
    await patch(alice, "space_details", { spaceDetails: { description: "a", guidelines: "g" } });
    const { data } = await patch(alice, "displayName,spaceDetails", {
      displayName: "Platform",
      spaceDetails: { description: "b" },
    });
    expect(data.displayName).toBe("Platform");
    expect(data.spaceDetails).toEqual({ description: "b" });
  });

  it("history, audience and permission settings each go alone", async () => {
    for (const mask of [
      "space_history_state,display_name",
      "access_settings.audience,space_details",
      "permission_settings.manageApps,display_name",
    ]) {
      await apiError(
        patch(alice, mask, { displayName: "X", spaceHistoryState: "HISTORY_OFF" }),
        400,
        "INVALID_ARGUMENT",
      );
    }
    expect(
      (await patch(alice, "space_history_state", { spaceHistoryState: "HISTORY_OFF" })).data
        .spaceHistoryState,
    ).toBe("HISTORY_OFF");
    const open = await patch(alice, "access_settings.audience", {
      accessSettings: { audience: "audiences/default" },
    });
    expect(open.data.accessSettings).toEqual({
      accessState: "DISCOVERABLE",
      audience: "audiences/default",
    });
    const closed = await patch(alice, "access_settings.audience", { accessSettings: {} });
    expect(closed.data.accessSettings).toEqual({ accessState: "PRIVATE" });
    const perms = await patch(
      alice,
      "permission_settings.manageApps,permission_settings.manageMembersAndGroups",
      {
        permissionSettings: {
          manageApps: { managersAllowed: true },
          manageMembersAndGroups: { managersAllowed: true, assistantManagersAllowed: true },
        },
      },
    );
    expect(perms.data.permissionSettings?.manageApps).toEqual({ managersAllowed: true });
    expect(perms.data.permissionSettings?.manageMembersAndGroups).toEqual({
      managersAllowed: true,
      assistantManagersAllowed: true,
    });
    // The new setting is enforced: plain members can no longer add members.
    await apiError(
      bob.spaces.members.create({
        parent: DEMO,
        requestBody: { member: { name: "users/carol@example.com", type: "HUMAN" } },
      }),
      403,
      "PERMISSION_DENIED",
    );
  });

  it("refuses masks the API refuses: none, *, immutable, unknown, output-only permissions", async () => {
    for (const mask of [
      "",
      "*",
      "external_user_allowed",
      "predefined_permission_settings",
      "colour",
      "permission_settings.postMessages",
      "permission_settings",
    ]) {
      await apiError(patch(alice, mask, { displayName: "X" }), 400, "INVALID_ARGUMENT");
    }
    await apiError(
      patch(alice, "display_name", { displayName: "x".repeat(129) }),
      400,
      "INVALID_ARGUMENT",
    );
    await apiError(
      patch(alice, "space_history_state", { spaceHistoryState: "HISTORY_STATE_UNSPECIFIED" }),
      400,
      "INVALID_ARGUMENT",
    );
    await apiError(
      patch(alice, "display_name", { displayName: "Y" }, GROUP_CHAT),
      400,
      "INVALID_ARGUMENT",
    );
  });

  it("follows the space's own permission settings for who may change what", async () => {
    // Collaboration default: modifySpaceDetails is owners and managers, not members.
    await apiError(patch(bob, "display_name", { displayName: "Bob's" }), 403, "PERMISSION_DENIED");
    await t.control.setRole(DEMO, "bob@example.com", "ROLE_ASSISTANT_MANAGER");
    expect((await patch(bob, "display_name", { displayName: "Bob's" })).data.displayName).toBe(
      "Bob's",
    );
    // Permission settings and the audience: owners only.
    await apiError(
      patch(bob, "permission_settings.manageApps", {
        permissionSettings: { manageApps: { managersAllowed: true } },
      }),
      403,
      "PERMISSION_DENIED",
    );
    await apiError(
      patch(bob, "access_settings.audience", { accessSettings: { audience: "audiences/default" } }),
      403,
      "PERMISSION_DENIED",
    );
  });

  it("admin access: chat.admin.spaces; history and audience not supported", async () => {
    const admin = await t.user("alice@example.com", [SCOPE("chat.admin.spaces")]);
    const { data } = await admin.spaces.patch({
      name: DEMO,
      updateMask: "display_name",
      useAdminAccess: true,
      requestBody: { displayName: "By admin" },
    });
    expect(data.displayName).toBe("By admin");
    await apiError(
      admin.spaces.patch({
        name: DEMO,
        updateMask: "space_history_state",
        useAdminAccess: true,
        requestBody: { spaceHistoryState: "HISTORY_OFF" },
      }),
      400,
      "INVALID_ARGUMENT",
    );
  });

  it("an out-of-band change through the control API reads back through the API", async () => {
    await t.control.updateSpace(DEMO, {
      description: "by hand",
      permissions: { manageApps: "everyone" },
      audience: "audiences/default",
    });
    const { data } = await alice.spaces.get({ name: DEMO });
    expect(data.spaceDetails).toEqual({ description: "by hand" });
    expect(data.permissionSettings?.manageApps).toEqual({
      managersAllowed: true,
      assistantManagersAllowed: true,
      membersAllowed: true,
    });
    expect(data.accessSettings?.audience).toBe("audiences/default");
  });
});

describe("spaces.delete", () => {
  it("deletes the space and its members; later reads are 404; only owners, with chat.delete", async () => {
    const { data } = await create(alice, { spaceType: "SPACE", displayName: "Doomed" });
    await alice.spaces.members.create({
      parent: data.name!,
      requestBody: { member: { name: "users/bob@example.com", type: "HUMAN" } },
    });
    const noDeleteScope = await t.user("alice@example.com", [SCOPE("chat.spaces")]);
    await apiError(noDeleteScope.spaces.delete({ name: data.name! }), 403, "PERMISSION_DENIED");
    await apiError(
      (await t.user("bob@example.com", [SCOPE("chat.delete")])).spaces.delete({ name: data.name! }),
      403,
      "PERMISSION_DENIED",
    );
    const deleter = await t.user("alice@example.com", [SCOPE("chat.delete")]);
    expect((await deleter.spaces.delete({ name: data.name! })).data).toEqual({});
    await apiError(alice.spaces.get({ name: data.name! }), 404, "NOT_FOUND");
    await apiError(alice.spaces.members.list({ parent: data.name! }), 404, "NOT_FOUND");
    await apiError(deleter.spaces.delete({ name: data.name! }), 404, "NOT_FOUND");
  });
});

describe("spaces.search", () => {
  it("finds the caller's spaces by display-name tokens; admin search needs customer", async () => {
    await create(alice, { spaceType: "SPACE", displayName: "Fun event" });
    await create(bob, { spaceType: "SPACE", displayName: "The evening was fun" });
    const mine = await alice.spaces.search({ query: 'display_name:"Fun Eve"' });
    expect(mine.data.results?.map((r) => r.space?.displayName)).toEqual(["Fun event"]);
    const admin = await t.user("alice@example.com", [SCOPE("chat.admin.spaces.readonly")]);
    await apiError(
      admin.spaces.search({ query: 'display_name:"fun"', useAdminAccess: true }),
      400,
      "INVALID_ARGUMENT",
    );
    const all = await admin.spaces.search({
      query: 'customer = "customers/my_customer" AND space_type = "SPACE" AND display_name:"fun"',
      useAdminAccess: true,
      orderBy: "create_time ASC",
    });
    expect(all.data.results?.map((r) => r.space?.displayName)).toEqual([
      "Fun event",
      "The evening was fun",
    ]);
    expect(all.data.totalSize).toBe(2);
    await apiError(
      alice.spaces.search({ query: 'create_time > "2020-01-01T00:00:00Z"' }),
      400,
      "INVALID_ARGUMENT",
    );
    await apiError(
      alice.spaces.search({ query: 'display_name:"x"', orderBy: "create_time ASC" }),
      400,
      "INVALID_ARGUMENT",
    );
  });
});

describe("quota", () => {
  it("space writes share 60 per minute per project, with Retry-After", async () => {
    const limited = await startTestEmulator({
      quotas: { enabled: true, spaceWritesPerProject: { limit: 2, windowMs: 60_000 } },
    });
    try {
      const a = await limited.user("alice@example.com");
      await create(a, { spaceType: "SPACE", displayName: "Q1" });
      await a.spaces.patch({
        name: DEMO,
        updateMask: "display_name",
        requestBody: { displayName: "Q2" },
      });
      await apiError(
        create(a, { spaceType: "SPACE", displayName: "Q3" }),
        429,
        "RESOURCE_EXHAUSTED",
      );
    } finally {
      await limited.stop();
    }
  });
});
