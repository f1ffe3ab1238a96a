// examples/add-user-and-app, unchanged, through the real engine against the emulator.
import * as path from "node:path";
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";
import { CAROL_ID, liveRoles, SPACE } from "./membership-kit";

jest.setTimeout(300_000);

describe("examples/add-user-and-app", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;

  beforeAll(async () => {
    chat = await startChat();
    project = await openProject(path.join(__dirname, "../../examples/add-user-and-app"), {
      env: chat.env,
      config: chat.config,
    });
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it("adds the user and the app with the default config, and destroy removes both", async () => {
    const before = Object.keys(await liveRoles(chat));
    const up = await project.up();
    expect(up.changes).toEqual({ create: 3 });
    expect(up.outputs).toEqual({
      userMembership: `${SPACE}/members/${CAROL_ID.slice("users/".length)}`,
      userState: "JOINED",
      appMembership: expect.stringMatching(/^spaces\/AAAAdemo01\/members\/\d+$/),
    });
    const appId = `users/${String(up.outputs.appMembership).split("/").pop()}`;
    expect(await liveRoles(chat)).toMatchObject({
      [CAROL_ID]: "ROLE_MEMBER",
      [appId]: "ROLE_MEMBER",
    });
    expect((await project.preview()).changes).toEqual({});
    expect((await project.destroy()).changes).toEqual({ delete: 3 });
    expect(Object.keys(await liveRoles(chat)).sort()).toEqual(before.sort());
  });
});
