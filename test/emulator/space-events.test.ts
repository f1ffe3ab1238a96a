// spaces.spaceEvents.list / get: membership events for API writes and control (out-of-band)
// changes, the filter grammar and its errors, the 28-day window, paging, payloads as the
// reference gives them, and the actor kept out of the API.
import { chat_v1 } from "@googleapis/chat";
import { DEMO, IDS, SCOPE, TestEmulator, apiError, humanRef, startTestEmulator } from "./helpers";

const MEMBERSHIP = ["created", "updated", "deleted"]
  .map((k) => `event_types:"google.workspace.chat.membership.v1.${k}"`)
  .join(" OR ");

let t: TestEmulator;
let alice: chat_v1.Chat;
beforeAll(async () => {
  t = await startTestEmulator();
  alice = await t.user("alice@example.com");
});
afterEach(async () => {
  await t.expectValidResponses();
  await t.control.reset();
});
afterAll(() => t.stop());

const list = async (filter = MEMBERSHIP, extra: Record<string, unknown> = {}) =>
  (await alice.spaces.spaceEvents.list({ parent: DEMO, filter, ...extra })).data;

it("records API writes as created / updated / deleted, oldest first, payload the latest membership", async () => {
  await alice.spaces.members.create({
    parent: DEMO,
    requestBody: humanRef("users/carol@example.com"),
  });
  await alice.spaces.members.patch({
    name: `${DEMO}/members/${IDS.carol}`,
    updateMask: "role",
    requestBody: { role: "ROLE_ASSISTANT_MANAGER" },
  });
  await alice.spaces.members.delete({ name: `${DEMO}/members/${IDS.carol}` });
  const { spaceEvents = [] } = await list();
  expect(spaceEvents.map((e) => e.eventType)).toEqual([
    "google.workspace.chat.membership.v1.created",
    "google.workspace.chat.membership.v1.updated",
    "google.workspace.chat.membership.v1.deleted",
  ]);
  // Carol is gone: the created and updated events carry an empty membership.
  expect(spaceEvents[0]!.membershipCreatedEventData).toEqual({ membership: {} });
  expect(spaceEvents[1]!.membershipUpdatedEventData).toEqual({ membership: {} });
  expect(spaceEvents[2]!.membershipDeletedEventData).toEqual({
    membership: { name: `${DEMO}/members/${IDS.carol}`, state: "NOT_A_MEMBER" },
  });
  for (const e of spaceEvents) {
    expect(e.name).toMatch(/^spaces\/AAAAdemo01\/spaceEvents\/\w+$/);
    expect(Date.parse(e.eventTime!)).toBeGreaterThan(Date.now() - 60_000);
    // Google's SpaceEvent names no actor.
    expect(
      Object.keys(e)
        .filter((k) => !k.endsWith("EventData"))
        .sort(),
    ).toEqual(["eventTime", "eventType", "name"]);
  }
  const got = await alice.spaces.spaceEvents.get({ name: spaceEvents[2]!.name! });
  expect(got.data).toEqual(spaceEvents[2]);
  // The emulator's own record names who acted; the API never does.
  const recorded = await t.control.events(DEMO);
  expect(recorded.map((e) => e.actor)).toEqual([
    { kind: "user", id: IDS.alice },
    { kind: "user", id: IDS.alice },
    { kind: "user", id: IDS.alice },
  ]);
});

it("records control changes with their actor and time; a batch as one batch event", async () => {
  const at = new Date(Date.now() - 3 * 86400_000).toISOString();
  await t.control.addMember(
    DEMO,
    { member: "carol@example.com" },
    { actor: "bob@example.com", at },
  );
  await t.control.addMembers(DEMO, [{ member: "erin@example.com" }, { member: "groups/eng" }], {
    actor: "alice@example.com",
  });
  await t.control.setRole(DEMO, "carol@example.com", "ROLE_ASSISTANT_MANAGER");
  await t.control.setRole(DEMO, "carol@example.com", "ROLE_ASSISTANT_MANAGER"); // no change
  const { spaceEvents = [] } = await list();
  expect(spaceEvents.map((e) => [e.eventType, e.eventTime === at])).toEqual([
    ["google.workspace.chat.membership.v1.created", true],
    ["google.workspace.chat.membership.v1.batchCreated", false],
    ["google.workspace.chat.membership.v1.updated", false],
  ]);
  expect(spaceEvents[0]!.membershipCreatedEventData!.membership).toMatchObject({
    name: `${DEMO}/members/${IDS.carol}`,
    role: "ROLE_ASSISTANT_MANAGER",
    createTime: at,
    member: { name: `users/${IDS.carol}`, email: "carol@example.com" },
  });
  expect(
    spaceEvents[1]!.membershipBatchCreatedEventData!.memberships!.map((m) => m.membership!.name),
  ).toEqual([`${DEMO}/members/${IDS.erin}`, `${DEMO}/members/eng`]);
  expect((await t.control.events(DEMO)).map((e) => e.actor)).toEqual([
    { kind: "user", id: IDS.bob },
    { kind: "user", id: IDS.alice },
    undefined,
  ]);
  // Only the named types: updated alone, and a time window.
  const updated = await list('event_types:"google.workspace.chat.membership.v1.updated"');
  expect(updated.spaceEvents?.map((e) => e.eventType)).toEqual([
    "google.workspace.chat.membership.v1.updated",
  ]);
  const before = new Date(Date.parse(at) + 1000).toISOString();
  const old = await list(`end_time="${before}" AND (${MEMBERSHIP})`);
  expect(old.spaceEvents).toHaveLength(1);
  const after = await list(`start_time="${at}" AND ${MEMBERSHIP}`); // exclusive
  expect(after.spaceEvents).toHaveLength(2);
  // Message events: a valid filter, nothing recorded.
  expect(await list('event_types:"google.workspace.chat.message.v1.created"')).toEqual({});
});

it("pages, a token valid only with the same filter", async () => {
  for (const u of ["carol@example.com", "erin@example.com", "groups/eng"])
    await t.control.addMember(DEMO, { member: u });
  const first = await list(MEMBERSHIP, { pageSize: 2 });
  expect(first.spaceEvents).toHaveLength(2);
  const second = await list(MEMBERSHIP, { pageSize: 2, pageToken: first.nextPageToken });
  expect(second.spaceEvents).toHaveLength(1);
  expect(second.nextPageToken).toBeUndefined();
  await apiError(
    list('event_types:"google.workspace.chat.membership.v1.created"', {
      pageToken: first.nextPageToken,
    }),
    400,
    "INVALID_ARGUMENT",
  );
  await apiError(list(MEMBERSHIP, { pageSize: -1 }), 400, "INVALID_ARGUMENT");
});

it.each([
  ["", "at least one event_types is required"],
  ['start_time="2026-01-01T00:00:00Z"', "at least one event_types is required"],
  [
    'event_types:"google.workspace.chat.membership.v1.created" AND event_types:"google.workspace.chat.membership.v1.deleted"',
    "event types can only be combined with OR",
  ],
  [
    `start_time="${new Date().toISOString()}" OR end_time="${new Date().toISOString()}"`,
    "start_time and end_time can only be combined with AND",
  ],
  ['event_types:"google.workspace.chat.membership.v1.batchCreated"', "omit batch event types"],
  ['event_types:"google.workspace.chat.membership.v1.joined"', "unsupported event type"],
  ['event_types="google.workspace.chat.membership.v1.created"', 'has operator ":"'],
  ['role:"ROLE_MEMBER"', "unknown field"],
  [
    `start_time="${new Date(Date.now() - 29 * 86400_000).toISOString()}" AND ${MEMBERSHIP}`,
    "28 days",
  ],
  [`start_time="yesterday" AND ${MEMBERSHIP}`, "RFC 3339"],
  [
    `start_time="${new Date().toISOString()}" AND end_time="${new Date(Date.now() - 60_000).toISOString()}" AND ${MEMBERSHIP}`,
    "end_time must not be before start_time",
  ],
])("refuses the filter %j: INVALID_ARGUMENT (%s)", async (filter, why) => {
  const e = await apiError(list(filter), 400, "INVALID_ARGUMENT");
  expect(e.message).toContain(why);
});

it("needs a membership-reading scope and the caller's membership of the space", async () => {
  const spacesOnly = await t.user("alice@example.com", [SCOPE("chat.spaces.readonly")]);
  await apiError(
    spacesOnly.spaces.spaceEvents.list({ parent: DEMO, filter: MEMBERSHIP }),
    403,
    "PERMISSION_DENIED",
  );
  const carol = await t.user("carol@example.com");
  await apiError(
    carol.spaces.spaceEvents.list({ parent: DEMO, filter: MEMBERSHIP }),
    403,
    "PERMISSION_DENIED",
  );
  const bot = await t.app([SCOPE("chat.bot")]);
  await apiError(
    bot.spaces.spaceEvents.list({ parent: DEMO, filter: MEMBERSHIP }),
    403,
    "PERMISSION_DENIED",
  );
  await apiError(
    alice.spaces.spaceEvents.get({ name: `${DEMO}/spaceEvents/nope` }),
    404,
    "NOT_FOUND",
  );
});
