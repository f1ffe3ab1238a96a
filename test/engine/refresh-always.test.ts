// The preview is the plan for someone who runs `pulumi preview --refresh` and then a plain
// `pulumi up`: the projects this package ships set `options: refresh: always`, so that up plans
// against the live space the preview showed; without it, the provider says the up did not look.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";
import { REPO } from "./safety-kit";

jest.setTimeout(300_000);

const SPACE = "spaces/AAAAdemo01";
const FIXTURE = path.join(__dirname, "fixtures/space-members");
const CAROL = "users/100000000000000000003";
const team = {
  space: SPACE,
  mode: "authoritative",
  members: [
    { member: "alice@example.com", role: "owner" },
    { member: "bob@example.com" },
    { member: "dave@partner.example" },
  ],
};

/** The fixture, with or without the option. */
function program(refreshAlways: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "refresh-always-"));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  if (refreshAlways)
    fs.appendFileSync(path.join(dir, "Pulumi.yaml"), "options:\n  refresh: always\n");
  return dir;
}

describe.each([
  ["options: refresh: always", true],
  ["no refresh option", false],
])("%s", (_name, refreshAlways) => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  let dir: string;
  const present = async () =>
    (await chat.emulator.control.listMembers(SPACE)).some((m) => m.member?.name === CAROL);

  beforeAll(async () => {
    chat = await startChat();
    dir = program(refreshAlways);
    project = await openProject(dir, { env: chat.env, config: chat.config });
    await project.stack.setConfig("spaces", { value: JSON.stringify({ team }) });
    await project.up();
    // Someone adds carol in the Chat UI.
    await chat.emulator.control.addMember(SPACE, { member: "carol@example.com" });
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("preview --refresh says the next up removes the member added out of band", async () => {
    const preview = await project.preview({ refresh: true });
    expect(preview.changes).toMatchObject({ update: 1 });
    expect(preview.stdout).toMatch(/carol@example\.com/);
  });

  it(
    refreshAlways
      ? "a plain up then does what that preview said"
      : "a plain up leaves the member, and says it did not refresh and how to",
    async () => {
      project.log.length = 0;
      const up = await project.up();
      const said = project.log.join("");
      if (refreshAlways) {
        expect(up.changes).toMatchObject({ update: 1 });
        expect(await present()).toBe(false);
        expect(said).not.toMatch(/did not refresh/);
      } else {
        expect(up.changes).toEqual({});
        expect(await present()).toBe(true);
        expect(said).toMatch(
          /spaces\/AAAAdemo01: no change against the state's view of the space from the last refresh or up; this command did not refresh it.*Fix: pulumi up --refresh, or set options\.refresh: always in Pulumi\.yaml/,
        );
      }
    },
  );
});

it("every project this package ships refreshes on each preview and up", () => {
  const shipped = ["Pulumi.yaml", "examples/yaml", "examples/gitops", "examples/add-user-and-app"];
  for (const p of shipped) {
    const file = p.endsWith(".yaml") ? p : `${p}/Pulumi.yaml`;
    expect([file, fs.readFileSync(path.join(REPO, file), "utf8")]).toEqual([
      file,
      expect.stringMatching(/^options:\n {2}refresh: always$/m),
    ]);
  }
});
