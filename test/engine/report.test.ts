// `chat-members report` from a real `pulumi preview --json` of ChatSpaceMembers against the
// emulator: who joins, leaves and changes role, by email and in the Chat UI's role words, and a
// preview stopped by the removal guard.
import * as path from "node:path";
import { previewReport } from "../../provider/report";
import { openProject, runPulumi, type EngineProject } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";

jest.setTimeout(300_000);

const SPACE = "spaces/AAAAdemo01";

describe("chat-members report of a real preview", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  const declare = (members: { member: string; role?: string }[], maxRemovals = 5) =>
    project.stack.setConfig("spaces", {
      value: JSON.stringify({
        team: { space: SPACE, mode: "authoritative", members, maxRemovals },
      }),
    });
  /** `pulumi preview --json` as a CI job runs it; resolves to its stdout and whether it failed. */
  const previewJson = async (): Promise<{ failed: boolean; stdout: string }> => {
    const args = ["preview", "--json", "--refresh", "--stack", project.stack.name];
    try {
      return {
        failed: false,
        stdout: await runPulumi(args, project.workDir, project.stack.workspace.envVars),
      };
    } catch (e) {
      const stdout = (e as { stdout?: unknown }).stdout;
      if (typeof stdout !== "string" || stdout === "") throw e;
      return { failed: true, stdout };
    }
  };
  const writes = async () => {
    const c = await chat.emulator.control.counters();
    return ["create", "patch", "delete"]
      .map((m) => c[`spaces.members.${m}`]?.total ?? 0)
      .reduce((a, b) => a + b, 0);
  };

  beforeAll(async () => {
    // The demo space holds alice (owner) and bob (member).
    chat = await startChat();
    project = await openProject(path.join(__dirname, "fixtures/space-members"), {
      env: chat.env,
      config: chat.config,
    });
    await declare([
      { member: "alice@example.com", role: "owner" },
      { member: "bob@example.com" },
      { member: "carol@example.com", role: "manager" },
    ]);
    await project.up();
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it("names who joins, leaves and changes role, by email and in UI role words", async () => {
    // The pull request: bob leaves, carol goes from manager to owner, erin joins.
    await declare([
      { member: "alice@example.com", role: "owner" },
      { member: "carol@example.com", role: "owner" },
      { member: "erin@example.com" },
    ]);
    await chat.emulator.control.resetLog();
    const { failed, stdout } = await previewJson();
    expect(failed).toBe(false);
    expect(await writes()).toBe(0);

    const md = previewReport(stdout, "preview.json");
    const lines = md.split("\n");
    expect(lines).toContain("| erin@example.com | joins | member |  |");
    expect(lines).toContain("| bob@example.com | leaves | member |  |");
    expect(lines).toContain("| carol@example.com | role change | manager → owner |  |");
    expect(md).toContain("**Totals: 1 joining · 1 leaving · 1 changing role** in 1 resource.");
    expect(md).toMatch(/^#### `team` · `spaces\/AAAAdemo01`$/m);
    expect(md).not.toMatch(/\[!CAUTION\]/);
    // The raw diff is folded below the tables; nobody whose email the API gave is a numeric id.
    expect(md.indexOf("<details>")).toBeGreaterThan(md.indexOf("| bob@example.com"));
    expect(md).not.toMatch(/users\/[0-9]/);
    expect(md).not.toMatch(/ROLE_/);
  });

  it("a preview stopped by maxRemovals: the report says the apply would stop, and why", async () => {
    await declare([{ member: "alice@example.com", role: "owner" }], 1);
    const { failed, stdout } = await previewJson();
    expect(failed).toBe(true);
    const md = previewReport(stdout, "preview.json");
    expect(md).toMatch(/^> \[!CAUTION\]$/m);
    expect(md).toMatch(
      /^> - \*\*too many removals\*\* \(`team`\): .*removes 2 members, more than the limit/m,
    );
    expect(md).toMatch(/set maxRemovals: 2/);
    expect(md).not.toMatch(/has a problem/); // the engine's wrapper, which names the type token
    expect(await writes()).toBe(0);
  });
});
