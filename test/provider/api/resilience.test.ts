// Transient failures on writes are retried under our policy; quotas are paced client-side.
import { Pacer, type ChatApi } from "../../../provider/api/index";
import { DEFAULT_QUOTAS } from "../../../provider/api/defaults";
import { startEmulator } from "../../../emulator/index";
import { SPACE, seedWithBigSpace, userApi, type Emulator } from "./harness";

let emu: Emulator;
let api: ChatApi;
const retries: string[] = [];
beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: seedWithBigSpace() });
  api = await userApi(emu, "alice@example.com", { onRetry: (line) => retries.push(line) });
});
afterAll(async () => {
  await emu?.stop();
});
beforeEach(() => {
  retries.length = 0;
});

type Logged = { rpc?: string; status: number; fault?: string };
const statuses = async (rpc: string) =>
  ((await emu.control.requests()) as Logged[]).filter((r) => r.rpc === rpc).map((r) => r.status);

describe("retries", () => {
  it.each([
    ["503", { status: 503 }],
    ["500", { status: 500 }],
    ["a dropped connection", { drop: true }],
  ])("POST (create) survives %s", async (_label, fault) => {
    await emu.control.resetLog();
    await emu.control.injectFault({ rpc: "spaces.members.create", count: 2, ...fault });
    const m = await api.createMembership(SPACE, { kind: "user", ref: "carol@example.com" });
    expect(m.memberName).toBe("users/100000000000000000003");
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatch(
      /^spaces\.members\.create spaces\/AAAAdemo01 users\/carol@example\.com: .+; retry 1\//,
    );
    expect((await statuses("spaces.members.create")).pop()).toBe(200);
    await api.deleteMembership(m.name);
  });

  it.each([
    ["503", { status: 503 }],
    ["500", { status: 500 }],
    ["a dropped connection", { drop: true }],
  ])("PATCH survives %s", async (_label, fault) => {
    await emu.control.injectFault({ rpc: "spaces.members.patch", count: 2, ...fault });
    const m = await api.patchRole(
      `${SPACE}/members/100000000000000000002`,
      "ROLE_ASSISTANT_MANAGER",
    );
    expect(m.role).toBe("ROLE_ASSISTANT_MANAGER");
    expect(retries).toHaveLength(2);
    await api.patchRole(m.name, "ROLE_MEMBER");
  });

  it("a create whose answer was lost is retried and meets ALREADY_EXISTS after 2 attempts", async () => {
    await emu.control.injectFault({
      rpc: "spaces.members.create",
      count: 1,
      drop: true,
      phase: "after",
    });
    const err = await api
      .createMembership(SPACE, { kind: "user", ref: "erin@example.com" })
      .catch((e) => e);
    expect(err).toMatchObject({ code: "ALREADY_EXISTS", attempts: 2 });
    await api.deleteMembership(`${SPACE}/members/erin@example.com`);
  });

  it("honours the Retry-After of a quota 429", async () => {
    // The emulator's quota answers 429 with Retry-After (whole seconds); a pacer that does not
    // know the quota lets the second write through to meet it. A real ~1 s wait.
    await emu.control.setQuotas({ membershipWritesPerProject: { limit: 1, windowMs: 1_000 } });
    const waits: { delayMs: number; honoured: boolean }[] = [];
    const unpaced = await userApi(emu, "alice@example.com", {
      pacer: new Pacer(),
      onRetry: (_l, e) => waits.push({ delayMs: e.delayMs, honoured: e.honouredRetryAfter }),
    });
    try {
      await emu.control.resetLog();
      const name = `${SPACE}/members/100000000000000000002`;
      await unpaced.patchRole(name, "ROLE_ASSISTANT_MANAGER");
      const started = Date.now();
      await unpaced.patchRole(name, "ROLE_MEMBER");
      expect(await statuses("spaces.members.patch")).toEqual([200, 429, 200]);
      // The server's wait, not the 5-20 ms backoff of FAST_RETRY.
      expect(waits).toEqual([{ delayMs: 1_000, honoured: true }]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    } finally {
      await emu.control.setQuotas({ membershipWritesPerProject: { limit: 300, windowMs: 60_000 } });
    }
  });

  it("non-retryable errors fail at once", async () => {
    await emu.control.resetLog();
    await emu.control.injectFault({ rpc: "spaces.members.patch", count: 1, status: 403 });
    const err = await api
      .patchRole(`${SPACE}/members/100000000000000000002`, "ROLE_MEMBER")
      .catch((e) => e);
    expect(err).toMatchObject({ code: "PERMISSION_DENIED", attempts: 1 });
    expect(await statuses("spaces.members.patch")).toEqual([403]);
  });
});

describe("pacing", () => {
  it("keeps a burst of writes under a small quota with zero 429s", async () => {
    const quota = { limit: 5, windowMs: 2_000 };
    await emu.control.setQuotas({ membershipWritesPerProject: quota });
    await emu.control.resetLog();
    const paced = await userApi(emu, "alice@example.com", {
      pacer: new Pacer({
        ...DEFAULT_QUOTAS,
        membershipWrites: { ...quota, safetyMarginMs: 100 },
        membershipReads: { limit: 3_000, windowMs: 60_000, safetyMarginMs: 500 },
        spaceReads: { limit: 15, windowMs: 1_000, safetyMarginMs: 100 },
      }),
    });
    const users = Array.from({ length: 6 }, (_, i) => `user${100 + i}@example.com`);
    const created = await Promise.all(
      users.map((u) => paced.createMembership(SPACE, { kind: "user", ref: u })),
    );
    await Promise.all(created.map((m) => paced.deleteMembership(m.name)));
    const writes = ((await emu.control.requests()) as Logged[]).filter(
      (r) => r.rpc === "spaces.members.create" || r.rpc === "spaces.members.delete",
    );
    expect(writes).toHaveLength(12);
    expect(writes.filter((r) => r.status === 429)).toEqual([]);
    await emu.control.setQuotas({ membershipWritesPerProject: { limit: 300, windowMs: 60_000 } });
  }, 30_000);

  it("without the pacer's limit the same burst does meet 429s (the test can fail)", async () => {
    const quota = { limit: 5, windowMs: 2_000 };
    await emu.control.setQuotas({ membershipWritesPerProject: quota });
    await emu.control.resetLog();
    const unpaced = await userApi(emu, "alice@example.com", {
      pacer: new Pacer({
        ...DEFAULT_QUOTAS,
        membershipWrites: { limit: 1_000, windowMs: 1_000, safetyMarginMs: 0 },
        membershipReads: { limit: 3_000, windowMs: 60_000, safetyMarginMs: 0 },
        spaceReads: { limit: 15, windowMs: 1_000, safetyMarginMs: 0 },
      }),
      retry: { maxAttempts: 1 },
    });
    const users = Array.from({ length: 6 }, (_, i) => `user${200 + i}@example.com`);
    const results = await Promise.allSettled(
      users.map((u) => unpaced.createMembership(SPACE, { kind: "user", ref: u })),
    );
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    await emu.control.setQuotas({ membershipWritesPerProject: { limit: 300, windowMs: 60_000 } });
  });
});
