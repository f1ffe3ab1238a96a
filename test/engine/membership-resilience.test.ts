// ChatMembership through the real engine with a service-account key acting as a user
// (domain-wide delegation): transient failures are absorbed during `up`, a create whose answer
// was lost adopts the membership as its own, and no credential or token reaches the state.
import { defaultSeed, startEmulator, type RunningEmulator } from "../../emulator";
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import type { ChatTestEnv } from "./chat";
import {
  CAROL_ID,
  DAVE_ID,
  ERIN_ID,
  FIXTURE,
  liveRoles,
  setMembers,
  SPACE,
} from "./membership-kit";

jest.setTimeout(300_000);

describe("ChatMembership: transient failures and service-account credentials", () => {
  let emulator: RunningEmulator;
  let chat: ChatTestEnv;
  let project: EngineProject;
  let privateKey: string;
  const members: Record<string, Record<string, unknown>> = {
    carol: { space: SPACE, member: "carol@example.com", role: "owner" },
    erin: { space: SPACE, member: "users/erin@example.com" },
    app: { space: SPACE, member: "users/app" },
  };
  const statuses = async (rpc: string) =>
    (await emulator.control.requests()).filter((r) => r.rpc === rpc).map((r) => r.status);

  beforeAll(async () => {
    emulator = await startEmulator({ seed: defaultSeed() });
    await emulator.control.recordResponses(true);
    const key = await emulator.control.mintServiceAccountKey({ project: "demo-project" });
    privateKey = key.private_key;
    chat = {
      emulator,
      env: { CHAT_EMULATOR_HOST: emulator.hostPort },
      config: {
        "googlechat:credentials": { value: JSON.stringify(key), secret: true },
        "googlechat:impersonate": { value: "alice@example.com" },
      },
      secrets: [key.private_key, key.private_key_id],
    };
    project = await openProject(FIXTURE, { env: chat.env, config: chat.config });
  });
  afterAll(async () => {
    await project?.cleanup();
    await emulator?.stop();
  });

  it("absorbs a 503, a dropped connection and 429s (injected, and quota with Retry-After)", async () => {
    await emulator.control.injectFault({ rpc: "spaces.members.create", count: 1, status: 503 });
    await emulator.control.injectFault({ rpc: "spaces.members.create", count: 1, drop: true });
    await emulator.control.injectFault({ rpc: "spaces.members.patch", count: 1, status: 429 });
    // The real quota, lowered: three creates and a patch cannot fit in one window.
    await emulator.control.setQuotas({ membershipWritesPerProject: { limit: 2, windowMs: 2_000 } });
    await setMembers(project, members);
    const up = await project.up();
    expect(up.changes).toEqual({ create: 4 });
    const live = await liveRoles(chat);
    expect(live[CAROL_ID]).toBe("ROLE_MANAGER");
    expect(live[ERIN_ID]).toBe("ROLE_MEMBER");
    const creates = await statuses("spaces.members.create");
    expect(creates).toEqual(expect.arrayContaining([503, 0, 429, 200]));
    expect(creates.filter((s) => s === 200)).toHaveLength(3);
    expect(await statuses("spaces.members.patch")).toEqual(expect.arrayContaining([429, 200]));
    // Every request went out as alice, through domain-wide delegation.
    const principals = new Set(
      (await emulator.control.requests())
        .filter((r) => r.rpc?.startsWith("spaces.") && !r.fault)
        .map((r) => r.principal),
    );
    expect([...principals]).toEqual(["users/100000000000000000001"]);
    const log = project.log.join("");
    expect(log).toMatch(/spaces\.members\.create .*: 503 UNAVAILABLE; retry 1\//);
    expect(log).toMatch(/\(server's Retry-After\)/);
    await emulator.control.setQuotas({
      membershipWritesPerProject: { limit: 300, windowMs: 60_000 },
    });
  });

  it("a create whose answer was lost meets ALREADY_EXISTS on retry and counts as created", async () => {
    await emulator.control.injectFault({
      rpc: "spaces.members.create",
      count: 1,
      drop: true,
      phase: "after",
    });
    members.dave = { space: SPACE, member: "dave@partner.example" };
    await setMembers(project, members);
    const up = await project.up();
    expect(up.changes).toEqual({ create: 1 });
    const out = up.outputs.memberships as Record<string, Record<string, unknown>>;
    expect(out.dave).toMatchObject({ memberName: DAVE_ID, adopted: false, state: "INVITED" });
    const creates = (await emulator.control.requests()).filter(
      (r) => r.rpc === "spaces.members.create" && r.path.endsWith("/members"),
    );
    expect(creates.slice(-2).map((r) => r.status)).toEqual([0, 409]);
    expect(project.log.join("")).not.toMatch(/dave@partner.example was already a member/);
    // Ours, so destroy removes it (with everything else this stack created).
    expect((await project.destroy()).changes).toEqual({ delete: 5 });
    expect((await liveRoles(chat))[DAVE_ID]).toBeUndefined();
  });

  it("keeps the private key and every access token out of the state", async () => {
    const tokens = (await emulator.control.requests())
      .filter((r) => r.rpc === "oauth.token")
      .map((r) => (r.response as { access_token?: string } | undefined)?.access_token)
      .filter((t): t is string => typeof t === "string");
    expect(tokens.length).toBeGreaterThan(0);
    const text = JSON.stringify(await project.exportState()) + project.backendFilesText();
    expect(text.length).toBeGreaterThan(1000);
    const keyBody = privateKey.split("\n").filter((l) => l && !l.includes("-----"));
    for (const secret of [...chat.secrets, ...keyBody, ...tokens]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/PRIVATE KEY|private_key|access_token/);
  });
});
