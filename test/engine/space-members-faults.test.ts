// ChatSpaceMembers under failure, through the real engine: a write that keeps failing in the
// middle of a 60-member apply, and a `pulumi up` killed mid-apply; each time a rerun converges
// to the declared list with nothing extra removed.
import * as path from "node:path";
import { spawn } from "node:child_process";
import { defaultSeed } from "../../emulator";
import {
  openProject,
  pulumiRoot,
  runPulumi,
  type EngineProject,
} from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";

jest.setTimeout(300_000);

const SPACE = "spaces/AAAAdemo01";
const users = Array.from({ length: 120 }, (_, i) => `u${String(i).padStart(3, "0")}@example.com`);

describe("ChatSpaceMembers: partial failures and a killed up", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  let env: Record<string, string>;
  const declare = (members: string[]) =>
    project.stack.setConfig("spaces", {
      value: JSON.stringify({
        team: {
          space: SPACE,
          mode: "authoritative",
          members: [
            { member: "alice@example.com", role: "owner" },
            ...members.map((member) => ({ member })),
          ],
        },
      }),
    });
  const liveMembers = async () =>
    (await chat.emulator.control.listMembers(SPACE)).map((m) => m.email ?? m.member?.name).sort();
  const count = async (rpc: string) =>
    (await chat.emulator.control.counters())[`spaces.members.${rpc}`]?.total ?? 0;
  const teamState = async () => {
    const state = await project.exportState();
    const r = state.resources?.find((x) => x.urn.endsWith("::team"));
    return r?.outputs as { members: Record<string, string>; added: string[] } | undefined;
  };

  /** Runs `pulumi up` as a user would and SIGKILLs it (and its plugins) after `creates` adds. */
  const killedUp = async (creates: number) => {
    const bin = path.join(pulumiRoot(), "bin");
    const child = spawn(
      path.join(bin, "pulumi"),
      ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", "test"],
      {
        cwd: project.workDir,
        env: { ...process.env, ...env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
        detached: true, // its own process group: the kill takes the plugin down with it
        stdio: "ignore",
      },
    );
    const exited = new Promise((resolve) => child.on("exit", resolve));
    for (let i = 0; i < 600 && (await count("create")) < creates; i++)
      await new Promise((r) => setTimeout(r, 100));
    process.kill(-child.pid!, "SIGKILL");
    await exited;
  };
  type Pending = { pending_operations?: { type: string; resource: { urn: string } }[] };

  beforeAll(async () => {
    const seed = defaultSeed();
    chat = await startChat({
      seed: { ...seed, users: [...(seed.users ?? []), ...users.map((email) => ({ email }))] },
    });
    project = await openProject(path.join(__dirname, "fixtures/space-members"), {
      env: chat.env,
      config: {
        ...chat.config,
        // Fail fast: two attempts per call instead of seven with backoff up to 32 s.
        "googlechat:retryAttempts": { value: "2" },
      },
    });
    const base = path.dirname(project.workDir);
    env = {
      ...chat.env,
      PULUMI_HOME: path.join(base, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${project.backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      TS_NODE_TRANSPILE_ONLY: "true",
    };
    await declare([]);
    await project.up(); // bob is removed: the space holds alice only
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it("a 500 from the 37th write on: the up fails listing what was and was not applied; a rerun converges", async () => {
    const declared = users.slice(0, 60);
    await declare(declared);
    await chat.emulator.control.resetLog();
    // Persistent, so the adapter's retries cannot hide it.
    await chat.emulator.control.injectFault({
      rpc: "spaces.members.create",
      after: 36,
      count: 1000,
      status: 500,
    });
    let message = "";
    await project.up().catch((e: Error) => (message = e.message));
    expect(message).toMatch(/spaces\/AAAAdemo01: applied 36 of 60 changes, then stopped\./);
    expect(message).toMatch(/failed: \+ add u0\d\d@example\.com as member: .*INTERNAL/);
    expect(message).toMatch(/not applied: \+ add u0\d\d@example\.com/);
    expect(message).toMatch(/applied: \+ add u0\d\d@example\.com/);
    expect(message).toMatch(/run `pulumi up` again/);
    expect(message).not.toMatch(/\n\s+at /);
    const created = (await chat.emulator.control.requests()).filter(
      (r) => r.rpc === "spaces.members.create" && r.status === 200,
    ).length;
    expect(created).toBe(36);
    // The state keeps what was applied.
    const state = await teamState();
    expect(state?.added).toHaveLength(36);
    expect(Object.keys(state?.members ?? {})).toHaveLength(37);

    await chat.emulator.control.clearFaults();
    await chat.emulator.control.resetLog();
    await project.up();
    expect(await count("create")).toBe(24);
    expect(await count("delete")).toBe(0);
    expect(await liveMembers()).toEqual(["alice@example.com", ...declared].sort());
    expect((await teamState())?.added).toHaveLength(60);
    expect((await project.preview({ refresh: true })).changes).toEqual({});
  });

  it("a pulumi up killed mid-apply: the user clears the pending operation, and a rerun converges", async () => {
    const declared = users.slice(0, 120);
    await declare(declared);
    await chat.emulator.control.resetLog();
    // Slow writes, so the kill lands in the middle of the apply.
    await chat.emulator.control.injectFault({
      rpc: "spaces.members.create",
      count: 1000,
      delayMs: 300,
    });
    await killedUp(15);
    await chat.emulator.control.clearFaults();
    // Requests already sent still land (the server got them); then nothing more arrives.
    await new Promise((r) => setTimeout(r, 1000));
    const createdBeforeKill = await count("create");
    expect(createdBeforeKill).toBeGreaterThanOrEqual(15);
    expect(createdBeforeKill).toBeLessThan(60);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await count("create")).toBe(createdBeforeKill);

    // What a user does after a killed run on the file backend: the lock stays behind, and
    // `pulumi cancel` removes it. The state then holds one pending "updating" operation; the
    // next `up` warns about it and proceeds, and since every update lists the space afresh, it
    // only adds who is still missing.
    const locked = await project.up().catch((e: Error) => e.message);
    expect(locked).toMatch(/the stack is currently locked/);
    await runPulumi(["cancel", "--yes", "--stack", "test"], project.workDir, env);
    const pending = ((await project.exportState()) as Pending).pending_operations ?? [];
    expect(pending.map((p) => [p.type, p.resource.urn.split("::").pop()])).toEqual([
      ["updating", "team"],
    ]);

    await chat.emulator.control.resetLog();
    const up = await project.up();
    expect(up.stdout).toMatch(/1 pending operations from previous deployment/);
    expect(await count("create")).toBe(60 - createdBeforeKill);
    expect(await count("delete")).toBe(0);
    expect(await liveMembers()).toEqual(["alice@example.com", ...declared].sort());
    expect(((await project.exportState()) as Pending).pending_operations ?? []).toEqual([]);
    expect((await project.preview({ refresh: true })).changes).toEqual({});
  });
  it("a first create killed mid-apply: cancel, clear the pending create, and a rerun converges without claiming anyone", async () => {
    await project.destroy(); // keeps every member
    await chat.emulator.control.reset();
    const declared = users.slice(0, 40);
    await declare(declared);
    await chat.emulator.control.resetLog();
    await chat.emulator.control.injectFault({
      rpc: "spaces.members.create",
      count: 1000,
      delayMs: 300,
    });
    await killedUp(10);
    await chat.emulator.control.clearFaults();
    await new Promise((r) => setTimeout(r, 1000));
    const byKilledRun = (await liveMembers()).filter((m) => declared.includes(m ?? ""));
    expect(byKilledRun.length).toBeGreaterThanOrEqual(10);
    expect(byKilledRun.length).toBeLessThan(40);

    // The recovery the README gives: unlock, clear the pending create (the engine keeps it
    // through every `up`; importing it is dropped for dynamic providers), then apply.
    await runPulumi(["cancel", "--yes", "--stack", "test"], project.workDir, env);
    const pending = ((await project.exportState()) as Pending).pending_operations ?? [];
    expect(pending.map((p) => [p.type, p.resource.urn.split("::").pop()])).toEqual([
      ["creating", "team"],
    ]);
    await runPulumi(
      ["refresh", "--yes", "--non-interactive", "--stack", "test", "--clear-pending-creates"],
      project.workDir,
      env,
    );
    await chat.emulator.control.resetLog();
    await project.up();
    expect(await count("create")).toBe(40 - byKilledRun.length);
    expect(await count("delete")).toBe(1); // bob, there before and not declared
    expect(((await project.exportState()) as Pending).pending_operations ?? []).toEqual([]);
    // The killed run's members were already there when this create listed the space: adopted,
    // never claimed, so a destroy with removeOnDestroy keeps them (the safe side).
    const ids = new Map(
      (await chat.emulator.control.listMembers(SPACE)).map((m) => [m.email, m.member?.name]),
    );
    const added = (await teamState())?.added ?? [];
    expect(added).toHaveLength(40 - byKilledRun.length);
    for (const m of byKilledRun) expect(added).not.toContain(ids.get(m));
    expect((await project.preview({ refresh: true })).changes).toEqual({});
  });
});
