// spaces.members rules under user authentication, driven by the real @googleapis/chat client
// with tokens from the refresh-token grant.
import { chat_v1 } from "@googleapis/chat";
import {
  APP_SPACE,
  DEMO,
  DM,
  GROUP_CHAT,
  IDS,
  SCOPE,
  TestEmulator,
  apiError,
  humanRef,
  startTestEmulator,
} from "./helpers";

let t: TestEmulator;
let alice: chat_v1.Chat;
let bob: chat_v1.Chat;
let carol: chat_v1.Chat;

beforeAll(async () => {
  t = await startTestEmulator();
  [alice, bob, carol] = await Promise.all([
    t.user("alice@example.com"),
    t.user("bob@example.com"),
    t.user("carol@example.com"),
  ]);
});
afterEach(async () => {
  await t.expectValidResponses();
  await t.control.reset();
});
afterAll(() => t.stop());

const create = (c: chat_v1.Chat, parent: string, name: string) =>
  c.spaces.members.create({ parent, requestBody: humanRef(name) });

describe("create", () => {
  it("resolves an email to the canonical users/{id}, with the member's profile and affiliation", async () => {
    const { data } = await create(alice, DEMO, "users/carol@example.com");
    expect(data).toEqual({
      name: `${DEMO}/members/${IDS.carol}`,
      state: "JOINED",
      role: "ROLE_MEMBER",
      member: {
        name: `users/${IDS.carol}`,
        type: "HUMAN",
        displayName: "Carol",
        email: "carol@example.com",
        avatarUrl: `https://lh3.googleusercontent.com/a/${IDS.carol}`,
      },
      createTime: expect.stringMatching(/^\d{4}-.*Z$/),
      affiliation: "INTERNAL",
    });
  });

  it("accepts a numeric id", async () => {
    const { data } = await create(alice, DEMO, `users/${IDS.erin}`);
    expect(data.name).toBe(`${DEMO}/members/${IDS.erin}`);
  });

  it("invites users whose auto-accept is off (external by default) instead of joining them", async () => {
    const { data } = await create(alice, DEMO, "users/dave@partner.example");
    expect(data.state).toBe("INVITED");
    const plain = await alice.spaces.members.list({ parent: DEMO });
    expect(plain.data.memberships?.map((m) => m.member?.name)).not.toContain(`users/${IDS.dave}`);
    const invited = await alice.spaces.members.list({ parent: DEMO, showInvited: true });
    expect(
      invited.data.memberships?.find((m) => m.member?.name === `users/${IDS.dave}`)?.state,
    ).toBe("INVITED");
  });

  it("joins directly once the user's auto-accept is on", async () => {
    await t.control.setAutoAccept("dave@partner.example", true);
    const { data } = await create(alice, DEMO, "users/dave@partner.example");
    expect(data.state).toBe("JOINED");
  });

  it("answers 409 ALREADY_EXISTS for an existing membership, invited ones included", async () => {
    await apiError(create(alice, DEMO, "users/bob@example.com"), 409, "ALREADY_EXISTS");
    await create(alice, DEMO, "users/dave@partner.example");
    await apiError(create(alice, DEMO, `users/${IDS.dave}`), 409, "ALREADY_EXISTS");
  });

  it("adds groups to named spaces only, without a role, and lists them only with showGroups", async () => {
    const { data } = await alice.spaces.members.create({
      parent: DEMO,
      requestBody: { groupMember: { name: "groups/eng" } },
    });
    expect(data).toEqual({
      name: `${DEMO}/members/eng`,
      state: "JOINED",
      groupMember: { name: "groups/eng" },
      createTime: expect.any(String),
      affiliation: "INTERNAL",
    });
    const hidden = await alice.spaces.members.list({ parent: DEMO });
    expect(hidden.data.memberships?.some((m) => m.groupMember)).toBe(false);
    const shown = await alice.spaces.members.list({ parent: DEMO, showGroups: true });
    expect(shown.data.memberships?.filter((m) => m.groupMember)).toHaveLength(1);
    await apiError(
      alice.spaces.members.create({
        parent: GROUP_CHAT,
        requestBody: { groupMember: { name: "groups/eng" } },
      }),
      400,
      "INVALID_ARGUMENT",
    );
  });

  it("does not let the role be set on create", async () => {
    await apiError(
      alice.spaces.members.create({
        parent: DEMO,
        requestBody: { ...humanRef("users/carol@example.com"), role: "ROLE_MANAGER" },
      }),
      400,
      "INVALID_ARGUMENT",
    );
    expect((await t.control.listMembers(DEMO)).map((m) => m.email)).not.toContain(
      "carol@example.com",
    );
  });

  it("rejects malformed members with INVALID_ARGUMENT and unknown users with NOT_FOUND", async () => {
    await apiError(
      alice.spaces.members.create({ parent: DEMO, requestBody: {} }),
      400,
      "INVALID_ARGUMENT",
    );
    await apiError(create(alice, DEMO, "carol@example.com"), 400, "INVALID_ARGUMENT");
    await apiError(
      alice.spaces.members.create({
        parent: DEMO,
        requestBody: {
          member: { name: "users/carol@example.com", type: "HUMAN" },
          groupMember: { name: "groups/eng" },
        },
      }),
      400,
      "INVALID_ARGUMENT",
    );
    await apiError(create(alice, DEMO, "users/nobody@example.com"), 404, "NOT_FOUND");
  });

  it("adds the calling app with users/app (chat.memberships.app) and no other app", async () => {
    const appScoped = await t.user("alice@example.com", [SCOPE("chat.memberships.app")]);
    const { data } = await appScoped.spaces.members.create({
      parent: DEMO,
      requestBody: { member: { name: "users/app", type: "BOT" } },
    });
    expect(data.member).toEqual({
      name: `users/${IDS.demoApp}`,
      type: "BOT",
      displayName: "Demo App",
    });
    expect(data.state).toBe("JOINED");
    await apiError(create(appScoped, DEMO, "users/carol@example.com"), 403, "PERMISSION_DENIED");
    await apiError(
      alice.spaces.members.create({
        parent: DEMO,
        requestBody: { member: { name: `users/${IDS.otherApp}`, type: "BOT" } },
      }),
      400,
      "INVALID_ARGUMENT",
    );
  });

  it("cannot add members to a direct message", async () => {
    await apiError(create(alice, DM, "users/carol@example.com"), 400, "FAILED_PRECONDITION");
  });

  it("honours a space that disallows external users", async () => {
    await t.control.seed({
      domain: "example.com",
      users: [
        { email: "alice@example.com", id: IDS.alice },
        { email: "dave@partner.example", id: IDS.dave },
      ],
      projects: [{ id: "demo-project", appId: IDS.demoApp }],
      spaces: [
        {
          name: "spaces/CLOSED",
          displayName: "Closed",
          externalUserAllowed: false,
          members: [{ member: "alice@example.com", role: "ROLE_MANAGER" }],
        },
      ],
    });
    await apiError(
      create(alice, "spaces/CLOSED", "users/dave@partner.example"),
      400,
      "FAILED_PRECONDITION",
    );
  });
});

describe("get and aliases", () => {
  it("accepts the email alias, %40-encoded too, and members/app", async () => {
    const byEmail = await bob.spaces.members.get({ name: `${DEMO}/members/alice@example.com` });
    expect(byEmail.data.name).toBe(`${DEMO}/members/${IDS.alice}`);
    const token = (await t.control.mintAccessToken({ user: "bob@example.com" })).access_token;
    const res = await fetch(`${t.emu.url}/v1/${DEMO}/members/alice%40example.com`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe(`${DEMO}/members/${IDS.alice}`);
    const app = await alice.spaces.members.get({ name: `${APP_SPACE}/members/app` });
    expect(app.data.member).toEqual({
      name: `users/${IDS.demoApp}`,
      type: "BOT",
      displayName: "Demo App",
    });
  });

  it("checks permission before existence: 403 for non-members, 404 inside the space", async () => {
    await apiError(
      carol.spaces.members.get({ name: `${DEMO}/members/999` }),
      403,
      "PERMISSION_DENIED",
    );
    await apiError(bob.spaces.members.get({ name: `${DEMO}/members/999` }), 404, "NOT_FOUND");
    await apiError(
      bob.spaces.members.get({ name: `${DEMO}/members/nobody@example.com` }),
      404,
      "NOT_FOUND",
    );
    await apiError(bob.spaces.members.get({ name: "spaces/NOPE/members/999" }), 404, "NOT_FOUND");
    const readonlyNoScope = await t.user("bob@example.com", [SCOPE("chat.spaces.readonly")]);
    await apiError(
      readonlyNoScope.spaces.members.get({ name: "spaces/NOPE/members/999" }),
      403,
      "PERMISSION_DENIED",
    );
  });

  it("lets an invited user see nothing until they join", async () => {
    await create(alice, DEMO, "users/dave@partner.example");
    const dave = await t.user("dave@partner.example");
    await apiError(dave.spaces.members.list({ parent: DEMO }), 403, "PERMISSION_DENIED");
  });
});

describe("patch", () => {
  const patch = (c: chat_v1.Chat, name: string, role: string, updateMask: string | null = "role") =>
    c.spaces.members.patch({
      name,
      ...(updateMask !== null ? { updateMask } : {}),
      requestBody: { role },
    });

  it("changes the role with updateMask role or *", async () => {
    const a = await patch(alice, `${DEMO}/members/${IDS.bob}`, "ROLE_MANAGER");
    expect(a.data.role).toBe("ROLE_MANAGER");
    const b = await patch(alice, `${DEMO}/members/${IDS.bob}`, "ROLE_ASSISTANT_MANAGER", "*");
    expect(b.data.role).toBe("ROLE_ASSISTANT_MANAGER");
    expect(
      (await t.control.listMembers(DEMO)).find((m) => m.email === "bob@example.com")?.role,
    ).toBe("ROLE_ASSISTANT_MANAGER");
  });

  it("requires updateMask to be role (or *) and a real role", async () => {
    await apiError(
      patch(alice, `${DEMO}/members/${IDS.bob}`, "ROLE_MANAGER", null),
      400,
      "INVALID_ARGUMENT",
    );
    await apiError(
      patch(alice, `${DEMO}/members/${IDS.bob}`, "ROLE_MANAGER", "state"),
      400,
      "INVALID_ARGUMENT",
    );
    await apiError(
      patch(alice, `${DEMO}/members/${IDS.bob}`, "MEMBERSHIP_ROLE_UNSPECIFIED"),
      400,
      "INVALID_ARGUMENT",
    );
  });

  it("has no manager roles outside named spaces and no roles for groups", async () => {
    const admin = { useAdminAccess: true };
    await apiError(
      alice.spaces.members.patch({
        name: `${GROUP_CHAT}/members/${IDS.bob}`,
        updateMask: "role",
        requestBody: { role: "ROLE_MANAGER" },
        ...admin,
      }),
      400,
      "INVALID_ARGUMENT",
    );
    await alice.spaces.members.create({
      parent: DEMO,
      requestBody: { groupMember: { name: "groups/eng" } },
    });
    await apiError(patch(alice, `${DEMO}/members/eng`, "ROLE_MEMBER"), 400, "INVALID_ARGUMENT");
  });

  it("is for owners only", async () => {
    await apiError(
      patch(bob, `${DEMO}/members/${IDS.bob}`, "ROLE_MANAGER"),
      403,
      "PERMISSION_DENIED",
    );
  });

  it("never demotes the last owner", async () => {
    await apiError(
      patch(alice, `${DEMO}/members/${IDS.alice}`, "ROLE_MEMBER"),
      400,
      "FAILED_PRECONDITION",
    );
    await patch(alice, `${DEMO}/members/${IDS.bob}`, "ROLE_MANAGER");
    const { data } = await patch(alice, `${DEMO}/members/${IDS.alice}`, "ROLE_MEMBER");
    expect(data.role).toBe("ROLE_MEMBER");
  });
});

describe("delete", () => {
  it("returns the deleted membership and accepts the email alias", async () => {
    const { data } = await alice.spaces.members.delete({ name: `${DEMO}/members/bob@example.com` });
    expect(data).toMatchObject({
      name: `${DEMO}/members/${IDS.bob}`,
      state: "JOINED",
      role: "ROLE_MEMBER",
    });
    expect((await t.control.listMembers(DEMO)).map((m) => m.email)).toEqual(["alice@example.com"]);
    await apiError(
      alice.spaces.members.delete({ name: `${DEMO}/members/${IDS.bob}` }),
      404,
      "NOT_FOUND",
    );
  });

  it("never removes the last owner", async () => {
    await apiError(
      alice.spaces.members.delete({ name: `${DEMO}/members/${IDS.alice}` }),
      400,
      "FAILED_PRECONDITION",
    );
  });

  it("needs an owner to remove an owner, a manager to remove others; anyone may leave", async () => {
    await t.control.addMember(DEMO, {
      member: "carol@example.com",
      role: "ROLE_ASSISTANT_MANAGER",
    });
    await t.control.addMember(DEMO, { member: "erin@example.com" });
    await t.control.setRole(DEMO, "bob@example.com", "ROLE_MANAGER");
    // carol (manager) cannot remove bob (owner), can remove erin (member)
    await apiError(
      carol.spaces.members.delete({ name: `${DEMO}/members/${IDS.bob}` }),
      403,
      "PERMISSION_DENIED",
    );
    await carol.spaces.members.delete({ name: `${DEMO}/members/erin@example.com` });
    // bob (owner) removes alice (owner): another owner remains
    await bob.spaces.members.delete({ name: `${DEMO}/members/${IDS.alice}` });
    await t.control.addMember(DEMO, { member: "erin@example.com" });
    const erin = await t.user("erin@example.com");
    await apiError(
      erin.spaces.members.delete({ name: `${DEMO}/members/${IDS.carol}` }),
      403,
      "PERMISSION_DENIED",
    );
    await erin.spaces.members.delete({ name: `${DEMO}/members/${IDS.erin}` });
    expect((await t.control.listMembers(DEMO)).map((m) => m.email).sort()).toEqual([
      "bob@example.com",
      "carol@example.com",
    ]);
  });

  it("removes nobody else from group chats and nobody from DMs", async () => {
    await apiError(
      alice.spaces.members.delete({ name: `${GROUP_CHAT}/members/${IDS.bob}` }),
      403,
      "PERMISSION_DENIED",
    );
    await bob.spaces.members.delete({ name: `${GROUP_CHAT}/members/${IDS.bob}` });
    await apiError(
      alice.spaces.members.delete({ name: `${DM}/members/${IDS.alice}` }),
      400,
      "FAILED_PRECONDITION",
    );
  });

  it("removes the calling app via members/app", async () => {
    const { data } = await alice.spaces.members.delete({ name: `${APP_SPACE}/members/app` });
    expect(data.member?.type).toBe("BOT");
  });
});
