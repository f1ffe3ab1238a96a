// spaces.get / list / setup.
import { chat_v1 } from "@googleapis/chat";
import {
  DEMO,
  DM,
  GROUP_CHAT,
  IDS,
  TestEmulator,
  apiError,
  humanRef,
  startTestEmulator,
} from "./helpers";

let t: TestEmulator;
let alice: chat_v1.Chat;
let carol: chat_v1.Chat;
beforeAll(async () => {
  t = await startTestEmulator();
  [alice, carol] = await Promise.all([t.user("alice@example.com"), t.user("carol@example.com")]);
});
afterEach(async () => {
  await t.expectValidResponses();
  await t.control.reset();
});
afterAll(() => t.stop());

it("gets a space the caller is in; 403 otherwise; 404 when it does not exist", async () => {
  const { data } = await alice.spaces.get({ name: DEMO });
  expect(data).toMatchObject({
    name: DEMO,
    spaceType: "SPACE",
    displayName: "Platform Team",
    membershipCount: { joinedDirectHumanUserCount: 2 },
  });
  await apiError(carol.spaces.get({ name: DEMO }), 403, "PERMISSION_DENIED");
  await apiError(carol.spaces.get({ name: "spaces/NOPE" }), 404, "NOT_FOUND");
});

it("lists only the caller's spaces, filterable by type", async () => {
  const { data } = await alice.spaces.list({});
  expect(data.spaces?.map((s) => s.name).sort()).toEqual(
    ["spaces/AAAAapp001", DEMO, DM, GROUP_CHAT].sort(),
  );
  const carolSpaces = await carol.spaces.list({});
  expect(carolSpaces.data.spaces?.map((s) => s.name)).toEqual([GROUP_CHAT]);
  const onlyDm = await alice.spaces.list({ filter: 'spaceType = "DIRECT_MESSAGE"' });
  expect(onlyDm.data.spaces?.map((s) => s.spaceType)).toEqual(["DIRECT_MESSAGE"]);
  await apiError(alice.spaces.list({ filter: "displayName = x" }), 400, "INVALID_ARGUMENT");
});

it("sets up a named space with the caller as owner and invites by auto-accept", async () => {
  const { data } = await alice.spaces.setup({
    requestBody: {
      space: { spaceType: "SPACE", displayName: "New", externalUserAllowed: true },
      memberships: [humanRef("users/bob@example.com"), humanRef("users/dave@partner.example")],
    },
  });
  const members = await alice.spaces.members.list({ parent: data.name!, showInvited: true });
  expect(members.data.memberships?.map((m) => [m.member?.name, m.role, m.state]).sort()).toEqual(
    [
      [`users/${IDS.alice}`, "ROLE_MANAGER", "JOINED"],
      [`users/${IDS.bob}`, "ROLE_MEMBER", "JOINED"],
      [`users/${IDS.dave}`, "ROLE_MEMBER", "INVITED"],
    ].sort(),
  );
});

it("takes at most 49 other members and needs a display name for spaces", async () => {
  const many = Array.from({ length: 50 }, () => humanRef("users/bob@example.com"));
  await apiError(
    alice.spaces.setup({
      requestBody: { space: { spaceType: "SPACE", displayName: "X" }, memberships: many },
    }),
    400,
    "INVALID_ARGUMENT",
  );
  await apiError(
    alice.spaces.setup({ requestBody: { space: { spaceType: "SPACE" } } }),
    400,
    "INVALID_ARGUMENT",
  );
});

it("returns the existing direct message instead of a second one", async () => {
  const { data } = await alice.spaces.setup({
    requestBody: {
      space: { spaceType: "DIRECT_MESSAGE" },
      memberships: [humanRef("users/bob@example.com")],
    },
  });
  expect(data.name).toBe(DM);
});
