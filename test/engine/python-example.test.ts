// examples/python through the real engine, the Python language host and the generated Python SDK,
// against the emulator: the example as shipped, only its virtualenv (the cached one, holding what
// requirements.txt names) and its plugin path made absolute (the harness runs a copy elsewhere).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { pythonVenv } from "../../scripts/lib/python-host";
import { startChat, type ChatTestEnv } from "./chat";
import { exampleProgramTests } from "./example-kit";
import { pythonCopy } from "./python-kit";

jest.setTimeout(300_000);

const EXAMPLE = path.join(__dirname, "../../examples/python");

describe("examples/python", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;

  beforeAll(async () => {
    chat = await startChat();
    const copy = pythonCopy(EXAMPLE);
    project = await openProject(copy, { env: chat.env, config: chat.config });
    fs.rmSync(copy, { recursive: true, force: true });
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it("requirements.txt is what the virtualenv holds: pip resolves it offline, installing nothing", () => {
    const out = execFileSync(
      path.join(pythonVenv(), "bin/python"),
      ["-m", "pip", "install", "--no-index", "--dry-run", "--disable-pip-version-check"].concat([
        "-r",
        "requirements.txt",
      ]),
      { cwd: EXAMPLE, encoding: "utf8" },
    );
    expect(out).toContain("Requirement already satisfied: pulumi_googlechat==0.1.0");
    expect(out).not.toMatch(/Would install/);
  });

  exampleProgramTests(() => ({ chat, project }));
});
