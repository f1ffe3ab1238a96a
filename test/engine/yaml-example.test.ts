// examples/yaml through the real engine and the googlechat plugin, against the emulator: the
// example as shipped, only its plugin path made absolute (the harness runs a copy elsewhere).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { yamlHostDir } from "../../scripts/lib/yaml-host";
import { startChat, type ChatTestEnv } from "./chat";
import { exampleProgramTests } from "./example-kit";
import { PLUGIN_DIR } from "./plugin-kit";

jest.setTimeout(300_000);

const EXAMPLE = path.join(__dirname, "../../examples/yaml");

describe("examples/yaml", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;

  beforeAll(async () => {
    yamlHostDir();
    chat = await startChat();
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "chat-yaml-example-"));
    const program = fs.readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8");
    expect(program).toContain("path: ../../plugin");
    fs.writeFileSync(
      path.join(copy, "Pulumi.yaml"),
      program.replace("path: ../../plugin", `path: ${PLUGIN_DIR}`),
    );
    project = await openProject(copy, { env: chat.env, config: chat.config });
    fs.rmSync(copy, { recursive: true, force: true });
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  exampleProgramTests(() => ({ chat, project }));
});
