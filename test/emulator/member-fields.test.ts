// Revision 20261107's Membership fields — member.email, displayName, avatarUrl and affiliation —
// by the documented rules, and the "legacy" revision that predates them, driven by @googleapis/chat.
import { chat_v1 } from "@googleapis/chat";
import { startEmulator } from "../../emulator";
import { optionsFromArgs } from "../../emulator/cli";
import { APP_SPACE, DEMO, IDS, SCOPE, TestEmulator, humanRef, startTestEmulator } from "./helpers";

// @googleapis/chat 51 predates revision 20261107: its User type has no email or avatarUrl.
const emailOf = (m: chat_v1.Schema$Membership | undefined) =>
  (m?.member as { email?: string } | undefined)?.email;
const avatar = (id: string) => `https://lh3.googleusercontent.com/a/${id}`;
const profile = (id: string, email: string, displayName: string) => ({
  name: `users/${id}`,
  type: "HUMAN",
  displayName,
  email,
  avatarUrl: avatar(id),
});

let t: TestEmulator;
let alice: chat_v1.Chat;

beforeAll(async () => {
  t = await startTestEmulator();
  alice = await t.user("alice@example.com");
});
afterEach(async () => {
  await t.expectValidResponses();
  await t.control.setApiRevision("20261107");
  await t.control.reset();
});
afterAll(() => t.stop());

const byName = (ms: chat_v1.Schema$Membership[] | undefined, id: string) =>
  ms?.find((m) => m.member?.name === `users/${id}`);

describe("user authentication (revision 20261107)", () => {
  it("fills email, displayName and avatarUrl for members of the space; INTERNAL affiliation", async () => {
    const { data } = await alice.spaces.members.list({ parent: DEMO });
    expect(byName(data.memberships, IDS.bob)).toMatchObject({
      member: profile(IDS.bob, "bob@example.com", "Bob"),
      affiliation: "INTERNAL",
    });
    expect(emailOf(byName(data.memberships, IDS.alice))).toBe("alice@example.com");
  });

  it("counts INVITED members as members of the space; other domains are EXTERNAL", async () => {
    await alice.spaces.members.create({ parent: DEMO, requestBody: humanRef(`users/${IDS.dave}`) });
    const { data } = await alice.spaces.members.list({ parent: DEMO, showInvited: true });
    expect(byName(data.memberships, IDS.dave)).toMatchObject({
      state: "INVITED",
      member: profile(IDS.dave, "dave@partner.example", "Dave (partner)"),
      affiliation: "EXTERNAL",
    });
  });

  it("marks guest accounts MANAGED_EXTERNAL", async () => {
    await t.control.addUser({ email: "guest-frank@example.com", id: "900", guest: true });
    const { data } = await alice.spaces.members.create({
      parent: DEMO,
      requestBody: humanRef("users/guest-frank@example.com"),
    });
    expect(data).toMatchObject({ state: "JOINED", affiliation: "MANAGED_EXTERNAL" });
    expect(emailOf(data)).toBe("guest-frank@example.com");
  });

  it("shows the profile of a user who left only with prior affinity (a shared DM)", async () => {
    // The deleted membership is rendered after the removal: bob and carol are no longer members,
    // alice shares a DM with bob but not with carol.
    await alice.spaces.members.create({
      parent: DEMO,
      requestBody: humanRef(`users/${IDS.carol}`),
    });
    const bob = await alice.spaces.members.delete({ name: `${DEMO}/members/${IDS.bob}` });
    expect(bob.data.member).toEqual(profile(IDS.bob, "bob@example.com", "Bob"));
    const carol = await alice.spaces.members.delete({ name: `${DEMO}/members/${IDS.carol}` });
    expect(carol.data.member).toEqual({ name: `users/${IDS.carol}`, type: "HUMAN" });
    expect(carol.data.affiliation).toBe("INTERNAL");
  });

  it("gives a Chat app its display name, never an email", async () => {
    const { data } = await alice.spaces.members.get({ name: `${APP_SPACE}/members/app` });
    expect(data).toMatchObject({
      member: { name: `users/${IDS.demoApp}`, type: "BOT", displayName: "Demo App" },
      affiliation: "INTERNAL",
    });
    expect(emailOf(data)).toBeUndefined();
  });

  it("encodes affiliation as a number under $alt=json;enum-encoding=int", async () => {
    const token = (await t.control.mintAccessToken({ user: "alice@example.com" })).access_token;
    const res = await fetch(
      `${t.emu.url}/v1/${DEMO}/members/${IDS.bob}?$alt=json%3Benum-encoding%3Dint`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(await res.json()).toMatchObject({ state: 1, role: 1, affiliation: 1 });
  });
});

describe("app authentication (revision 20261107)", () => {
  it("fills displayName always, no email or avatar; affiliation on every membership", async () => {
    const app = await t.app([SCOPE("chat.bot")]);
    const { data } = await app.spaces.members.list({ parent: APP_SPACE });
    expect(data.memberships).toEqual([
      expect.objectContaining({
        member: {
          name: `users/${IDS.alice}`,
          type: "HUMAN",
          displayName: "Alice Admin",
          domainId: "C0demo01",
        },
        affiliation: "INTERNAL",
      }),
    ]);
  });
});

describe("legacy revision (before 20261107)", () => {
  it("flipped at runtime: user auth sees name and type only, app auth no email; no affiliation", async () => {
    expect(await t.control.setApiRevision("legacy")).toEqual({ revision: "legacy" });
    expect(await t.control.apiRevision()).toEqual({ revision: "legacy" });
    const { data } = await alice.spaces.members.list({ parent: DEMO });
    expect(byName(data.memberships, IDS.bob)).toEqual({
      name: `${DEMO}/members/${IDS.bob}`,
      state: "JOINED",
      role: "ROLE_MEMBER",
      member: { name: `users/${IDS.bob}`, type: "HUMAN" },
      createTime: expect.any(String),
    });
    const app = await t.app([SCOPE("chat.bot")]);
    const viaApp = await app.spaces.members.get({ name: `${APP_SPACE}/members/${IDS.alice}` });
    expect(viaApp.data.member).toEqual({
      name: `users/${IDS.alice}`,
      type: "HUMAN",
      displayName: "Alice Admin",
      domainId: "C0demo01",
    });
    expect(viaApp.data.affiliation).toBeUndefined();
    // The control API keeps its full view whatever the revision.
    const raw = await t.control.listMembers(DEMO);
    expect(raw.find((m) => m.member?.name === `users/${IDS.bob}`)).toMatchObject({
      member: { email: "bob@example.com" },
      affiliation: "INTERNAL",
      email: "bob@example.com",
    });
  });

  it("survives reset, refuses unknown revisions", async () => {
    await t.control.setApiRevision("legacy");
    await t.control.reset();
    expect(await t.control.apiRevision()).toEqual({ revision: "legacy" });
    await expect(t.control.setApiRevision("2020" as "legacy")).rejects.toMatchObject({
      status: "INVALID_ARGUMENT",
    });
  });

  it("is a start option (programmatic and --api-revision)", async () => {
    const emu = await startEmulator({ apiRevision: "legacy" });
    try {
      expect(await emu.control.apiRevision()).toEqual({ revision: "legacy" });
    } finally {
      await emu.stop();
    }
    await expect(startEmulator({ apiRevision: "x" as "legacy" })).rejects.toThrow(/apiRevision/);
    expect(optionsFromArgs(["--api-revision", "legacy"])?.apiRevision).toBe("legacy");
    expect(optionsFromArgs([])?.apiRevision).toBeUndefined();
    expect(() => optionsFromArgs(["--api-revision", "2019"])).toThrow(/--api-revision/);
  });
});
