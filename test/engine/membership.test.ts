// ChatMembership through the real engine against the emulator.
import * as path from "node:path";
import { openProject, type EngineProject } from "./harness";
import { startChat, type ChatTestEnv } from "./chat";

jest.setTimeout(300_000);

const SPACE = "spaces/AAAAdemo01";
const ALICE_ID = "users/100000000000000000001";
const CAROL_ID = "users/100000000000000000003";

describe("ChatMembership end to end", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  const setMembers = (members: Record<string, unknown>) =>
    project.stack.setConfig("members", { value: JSON.stringify(members) });
  const live = async () =>
    Object.fromEntries(
      (await chat.emulator.control.listMembers(SPACE)).map((m) => [
        m.member?.name ?? m.groupMember?.name,
        m.role,
      ]),
    );

  beforeAll(async () => {
    chat = await startChat();
    project = await openProject(path.join(__dirname, "fixtures/membership"), {
      env: chat.env,
      config: chat.config,
    });
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it("creates users (incl. an external, INVITED), a group and the app; a second preview is clean", async () => {
    await setMembers({
      carol: { space: SPACE, member: "users/carol@example.com", role: "manager" },
      dave: { space: SPACE, member: "dave@partner.example" },
      eng: { space: SPACE, member: "groups/eng" },
      app: { space: SPACE, member: "users/app" },
    });
    const up = await project.up();
    expect(up.changes).toEqual({ create: 5 });
    const out = up.outputs.memberships as Record<string, Record<string, unknown>>;
    expect(out.carol).toMatchObject({
      memberName: CAROL_ID,
      state: "JOINED",
      role: "ROLE_ASSISTANT_MANAGER",
      adopted: false,
    });
    expect(out.dave).toMatchObject({ state: "INVITED", role: "ROLE_MEMBER" });
    expect(out.eng).toMatchObject({
      memberName: "groups/eng",
      role: "MEMBERSHIP_ROLE_UNSPECIFIED",
    });
    // The API answers with the app's own user id, never the users/app alias.
    expect(out.app).toMatchObject({ memberName: expect.stringMatching(/^users\/\d+$/) });
    expect((await live())[CAROL_ID]).toBe("ROLE_ASSISTANT_MANAGER");
    expect((await project.preview()).changes).toEqual({});
  });

  it("keeps credentials and tokens out of the state", async () => {
    const text = JSON.stringify(await project.exportState()) + project.backendFilesText();
    for (const secret of chat.secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/ya29\.|access_token/);
  });
});
