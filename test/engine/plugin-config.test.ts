// The `googlechat` plugin's DiffConfig through the real engine: a changed stack configuration
// value (a quota, a new credential) updates the default provider in place and says so in the
// preview; no resource is replaced or written, and an unchanged configuration says nothing.
import { startChat, type ChatTestEnv } from "./chat";
import { cli, openYaml, yamlProgram } from "./plugin-kit";
import type { EngineProject, State } from "../../scripts/lib/engine-harness";
import { TYPES } from "../../provider/core/tokens";

jest.setTimeout(300_000);

const SPACE = "spaces/AAAAdemo01";
const CHANGED = /googlechat configuration changed: (.*?); the provider is updated in place/;

describe("plugin: a changed stack configuration", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  const providerOf = async () => {
    const { deployment } = await project.stack.exportStack();
    const resources = (deployment as State).resources ?? [];
    const p = resources.find((r) => r.type === "pulumi:providers:googlechat");
    if (!p) throw new Error("no googlechat provider in the state");
    return p;
  };
  const writes = async () =>
    (await chat.emulator.control.requests()).filter(
      (r) => r.method !== "GET" && !r.rpc?.startsWith("oauth."),
    );

  beforeAll(async () => {
    chat = await startChat();
    project = await openYaml(
      yamlProgram({
        team: {
          type: TYPES.spaceMembers,
          properties: { space: SPACE, mode: "additive", members: [{ member: "bob@example.com" }] },
        },
      }),
      chat,
    );
    await project.up();
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it("unchanged: the preview says nothing of the configuration", async () => {
    const out = await cli(project, chat, ["preview"]);
    expect(out).not.toMatch(CHANGED);
  });

  it("a new limit: the preview names the key, the up updates the provider in place and writes nothing", async () => {
    const before = await providerOf();
    await project.stack.setConfig("googlechat:writesPerMinute", { value: "200" });
    const out = await cli(project, chat, ["preview"]);
    expect(out.match(CHANGED)?.[1]).toBe("googlechat:writesPerMinute");
    expect(out).not.toMatch(/to replace|\+-/);

    await chat.emulator.control.resetLog();
    const up = await project.up();
    expect(up.changes).toEqual({});
    expect(await writes()).toEqual([]);
    const after = await providerOf();
    expect(after.id).toBe(before.id);
    expect(after.inputs?.writesPerMinute).toBe("200");
    // Applied: the next preview has nothing to say.
    expect(await cli(project, chat, ["preview"])).not.toMatch(CHANGED);
  });

  it("a new credential (secret): named, never shown, and the next up acts with it", async () => {
    const creds = await chat.emulator.control.mintAuthorizedUser({ user: "alice@example.com" });
    // Another value of the config key (the same user, laid out anew).
    await project.stack.setConfig("googlechat:credentials", {
      value: JSON.stringify(creds, null, 2),
      secret: true,
    });
    const out = await cli(project, chat, ["preview"]);
    expect(out.match(CHANGED)?.[1]).toBe("googlechat:credentials");
    const diff = await cli(project, chat, ["preview", "--diff"]);
    for (const text of [out, diff]) {
      expect(text).not.toContain(creds.refresh_token);
      expect(text).not.toContain(creds.client_secret);
    }
    const up = await project.up();
    expect(up.changes).toEqual({});
    expect(await writes()).toEqual([]);
    // The member list is intact and the provider keeps its id: nothing replaced.
    const live = await chat.emulator.control.listMembers(SPACE);
    expect(live.some((m) => m.member?.name === "users/100000000000000000002")).toBe(true);
  });

  it("a removed key is a change too, and a no-change preview follows the up", async () => {
    await project.stack.removeConfig("googlechat:writesPerMinute");
    const out = await cli(project, chat, ["preview"]);
    expect(out.match(CHANGED)?.[1]).toBe("googlechat:writesPerMinute");
    expect((await project.up()).changes).toEqual({});
    expect(await cli(project, chat, ["preview"])).not.toMatch(CHANGED);
  });
});
