// Quotas (429 RESOURCE_EXHAUSTED, nothing written for rejected calls), injected faults, latency,
// the request log and counters, and out-of-band changes through the control API.
import { chat_v1 } from "@googleapis/chat";
import { DEMO, IDS, TestEmulator, apiError, humanRef, startTestEmulator } from "./helpers";

let t: TestEmulator;
let alice: chat_v1.Chat;
const USERS = Array.from({ length: 8 }, (_, i) => `q${i}@example.com`);

beforeAll(async () => {
  t = await startTestEmulator();
  alice = await t.user("alice@example.com");
});
beforeEach(async () => {
  await t.control.reset();
  for (const email of USERS) await t.control.addUser({ email }).catch(() => undefined);
});
afterEach(async () => {
  await t.expectValidResponses();
  await t.control.setQuotas({ enabled: false });
  await t.control.setLatency(0);
});
afterAll(() => t.stop());

describe("quotas", () => {
  it("rejects a burst over the write quota with 429 and writes nothing for rejected calls", async () => {
    await t.control.setQuotas({
      enabled: true,
      membershipWritesPerProject: { limit: 5, windowMs: 2000 },
    });
    const results = await Promise.allSettled(
      USERS.map((u) =>
        alice.spaces.members.create({ parent: DEMO, requestBody: humanRef(`users/${u}`) }),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(5);
    expect(rejected).toHaveLength(3);
    for (const r of rejected) {
      const e = r.reason as {
        status: number;
        response: {
          data: { error: { status: string; details: { reason: string }[] } };
          headers: Headers;
        };
      };
      expect(e.status).toBe(429);
      expect(e.response.data.error.status).toBe("RESOURCE_EXHAUSTED");
      expect(e.response.data.error.details[0]?.reason).toBe("RATE_LIMIT_EXCEEDED");
      expect(Number(e.response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    const members = (await t.control.listMembers(DEMO)).map((m) => m.email);
    expect(members.filter((e) => e?.startsWith("q"))).toHaveLength(5);
    const counters = await t.control.counters();
    expect(counters["spaces.members.create"]?.byStatus).toEqual({ "200": 5, "429": 3 });
  });

  it("frees slots as the window rolls", async () => {
    await t.control.setQuotas({
      enabled: true,
      membershipWritesPerProject: { limit: 2, windowMs: 300 },
    });
    await alice.spaces.members.create({ parent: DEMO, requestBody: humanRef(`users/${USERS[0]}`) });
    await alice.spaces.members.create({ parent: DEMO, requestBody: humanRef(`users/${USERS[1]}`) });
    await apiError(
      alice.spaces.members.create({ parent: DEMO, requestBody: humanRef(`users/${USERS[2]}`) }),
      429,
      "RESOURCE_EXHAUSTED",
    );
    await new Promise((r) => setTimeout(r, 350));
    await alice.spaces.members.create({ parent: DEMO, requestBody: humanRef(`users/${USERS[2]}`) });
  });

  it("limits reads per space for all callers together", async () => {
    await t.control.setQuotas({ enabled: true, spaceReadsPerSpace: { limit: 3, windowMs: 5000 } });
    const bob = await t.user("bob@example.com");
    await alice.spaces.members.list({ parent: DEMO });
    await bob.spaces.members.get({ name: `${DEMO}/members/${IDS.alice}` });
    await bob.spaces.get({ name: DEMO });
    // Raw request: gaxios would retry a GET 429 three times with backoff.
    const { access_token } = await t.control.mintAccessToken({ user: "alice@example.com" });
    const res = await fetch(`${t.emu.url}/v1/${DEMO}/members`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: { status: string } }).error.status).toBe(
      "RESOURCE_EXHAUSTED",
    );
    // other spaces are unaffected
    await alice.spaces.members.list({ parent: "spaces/AAAAgroup01" });
  });
});

describe("faults", () => {
  it("fails the next N matching requests after letting some pass", async () => {
    await t.control.injectFault({ rpc: "spaces.members.create", after: 1, count: 2, status: 503 });
    await alice.spaces.members.create({ parent: DEMO, requestBody: humanRef(`users/${USERS[0]}`) });
    for (const u of [USERS[1], USERS[2]]) {
      await apiError(
        alice.spaces.members.create({ parent: DEMO, requestBody: humanRef(`users/${u}`) }),
        503,
        "UNAVAILABLE",
      );
    }
    await alice.spaces.members.create({ parent: DEMO, requestBody: humanRef(`users/${USERS[3]}`) });
    expect((await t.control.listMembers(DEMO)).map((m) => m.email)).toEqual(
      expect.arrayContaining([USERS[0], USERS[3]]),
    );
    expect((await t.control.listMembers(DEMO)).map((m) => m.email)).not.toContain(USERS[1]);
  });

  it("can let the write happen and lose the answer (phase after), so a retry sees 409", async () => {
    await t.control.injectFault({
      method: "POST",
      path: "/members$",
      count: 1,
      status: 500,
      phase: "after",
    });
    await apiError(
      alice.spaces.members.create({ parent: DEMO, requestBody: humanRef(`users/${USERS[0]}`) }),
      500,
      "INTERNAL",
    );
    await apiError(
      alice.spaces.members.create({ parent: DEMO, requestBody: humanRef(`users/${USERS[0]}`) }),
      409,
      "ALREADY_EXISTS",
    );
  });

  it("drops connections", async () => {
    await t.control.injectFault({ rpc: "spaces.get", count: 1, drop: true });
    const { access_token } = await t.control.mintAccessToken({ user: "alice@example.com" });
    await expect(
      fetch(`${t.emu.url}/v1/${DEMO}`, { headers: { authorization: `Bearer ${access_token}` } }),
    ).rejects.toThrow();
    const res = await fetch(`${t.emu.url}/v1/${DEMO}`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(res.status).toBe(200);
    await t.control.clearFaults();
  });

  it("delays requests and injects latency (order of events, not timings, is asserted)", async () => {
    await t.control.injectFault({ rpc: "spaces.members.get", count: 1, delayMs: 400 });
    const order: string[] = [];
    const slow = alice.spaces.members
      .get({ name: `${DEMO}/members/${IDS.bob}` })
      .then(() => order.push("delayed get"));
    const fast = alice.spaces.members.list({ parent: DEMO }).then(() => order.push("list"));
    await Promise.all([slow, fast]);
    expect(order).toEqual(["list", "delayed get"]);
  });
});

describe("request log", () => {
  it("records method, path, rpc, status, principal and project; control calls are not logged", async () => {
    await t.control.resetLog();
    await alice.spaces.members.list({ parent: DEMO, pageSize: 5 });
    await t.control.listMembers(DEMO);
    const log = (await t.control.requests()).filter((e) => e.rpc !== "oauth.token");
    expect(log).toEqual([
      expect.objectContaining({
        method: "GET",
        path: `/v1/${DEMO}/members`,
        query: { pageSize: "5" },
        rpc: "spaces.members.list",
        status: 200,
        principal: `users/${IDS.alice}`,
        project: "demo-project",
      }),
    ]);
  });
});

describe("out-of-band changes (drift)", () => {
  it("shows up in the API like changes made in the Chat UI", async () => {
    await t.control.addMember(DEMO, { member: "carol@example.com", role: "ROLE_MANAGER" });
    await t.control.removeMember(DEMO, "bob@example.com");
    await t.control.addMember(DEMO, { member: "groups/eng" });
    await t.control.addMember(DEMO, { member: "erin@example.com", state: "INVITED" });
    const { data } = await alice.spaces.members.list({
      parent: DEMO,
      showGroups: true,
      showInvited: true,
    });
    expect(
      data.memberships?.map((m) => [
        m.member?.name ?? m.groupMember?.name,
        m.role ?? null,
        m.state,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [`users/${IDS.carol}`, "ROLE_MANAGER", "JOINED"],
        ["groups/eng", null, "JOINED"],
        [`users/${IDS.erin}`, "ROLE_MEMBER", "INVITED"],
      ]),
    );
    expect(data.memberships?.some((m) => m.member?.name === `users/${IDS.bob}`)).toBe(false);
    await expect(
      t.control.addMember("spaces/AAAAgroup01", { member: "groups/eng" }),
    ).rejects.toThrow(/named spaces/);
  });
});
