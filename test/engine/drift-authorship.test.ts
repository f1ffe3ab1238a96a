// Drift with its time through the real engine: a member added by hand in the Chat UI (the
// control API, with its actor) shows up in `pulumi preview --refresh` — the warning and the plan
// line say when, that the author is unknown (Chat's events name none) and what the next up does —
// and in `chat-members report` of `pulumi preview --refresh --json`. One events call for the
// space that drifted, none on a preview without drift.
import * as path from "node:path";
import { previewReport } from "../../provider/report";
import { openProject, runPulumi, type EngineProject } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";

jest.setTimeout(300_000);

const SPACE = "spaces/AAAAdemo01";
const AT = "2026-12-03T14:02:00.000Z";
const LINE =
  "carol@example.com added as member out of band on 2026-12-03 14:02 UTC (author unknown: Chat's membership events do not name who made a change); not declared: the next up removes them";

describe("drift authorship through the engine", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  const events = async () =>
    (await chat.emulator.control.counters())["spaces.spaceEvents.list"]?.total ?? 0;

  beforeAll(async () => {
    chat = await startChat();
    project = await openProject(path.join(__dirname, "fixtures/space-members"), {
      env: chat.env,
      config: chat.config,
    });
    await project.stack.setConfig("spaces", {
      value: JSON.stringify({
        team: {
          space: SPACE,
          mode: "authoritative",
          members: [{ member: "alice@example.com", role: "owner" }, { member: "bob@example.com" }],
        },
      }),
    });
    await project.up();
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it("no drift: the refreshing preview makes no events call", async () => {
    await chat.emulator.control.resetLog();
    expect((await project.preview({ refresh: true })).changes).toEqual({});
    expect(await events()).toBe(0);
  });

  it("a member added by hand: the preview and the report say when, the author unknown, and that up removes them", async () => {
    await chat.emulator.control.addMember(
      SPACE,
      { member: "carol@example.com" },
      { actor: "erin@example.com", at: AT },
    );
    await chat.emulator.control.resetLog();
    const preview = await project.preview({ refresh: true });
    expect(preview.changes).toEqual({ update: 1 });
    expect(preview.stdout).toContain(`${SPACE}: ${LINE}`);
    expect(preview.stdout).toMatch(
      /0 to add, 1 to remove, 0 role changes \(plan\); 1 changed out of band/,
    );
    expect(preview.stdout).not.toContain("erin");
    expect(await events()).toBe(1);

    const json = await runPulumi(
      ["preview", "--json", "--refresh", "--stack", project.stack.name],
      project.workDir,
      project.stack.workspace.envVars,
    );
    const report = previewReport(json, "preview.json");
    expect(report).toContain("**Changed out of band**");
    expect(report).toContain(`- ${LINE}`);
  });
});
