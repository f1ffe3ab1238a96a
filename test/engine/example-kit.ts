// What examples/yaml and examples/python both do (the same program in two languages, on the
// googlechat plugin), asserted once: their engine tests call exampleProgramTests in a describe.
import type { EngineProject } from "../../scripts/lib/engine-harness";
import type { ChatTestEnv } from "./chat";
import { ID } from "./safety-kit";

/** The up, no-change preview and destroy of the example program that `world()` has opened. */
export function exampleProgramTests(
  world: () => { chat: ChatTestEnv; project: EngineProject },
): void {
  const live = async (space: string) =>
    Object.fromEntries(
      (await world().chat.emulator.control.listMembers(space)).map((m) => [m.member?.name, m.role]),
    );

  it("adds a user and the calling app, sets a whole space's members, and previews empty after", async () => {
    const { project } = world();
    const up = await project.up();
    expect(up.changes).toEqual({ create: 4 });
    expect(up.outputs).toMatchObject({
      userState: "JOINED",
      userMembership: "spaces/AAAAdemo01/members/100000000000000000003",
      appMembership: expect.stringMatching(/^spaces\/AAAAdemo01\/members\/\d+$/),
      teamMembers: {
        "alice@example.com": "owner",
        "bob@example.com": "manager",
        "carol@example.com": "member",
        "users/app": "member",
      },
    });
    const appId = `users/${String(up.outputs.appMembership).split("/").pop()}`;
    expect(await live("spaces/AAAAdemo01")).toMatchObject({
      [ID.carol]: "ROLE_MEMBER",
      [appId]: "ROLE_MEMBER",
    });
    expect(await live("spaces/AAAAapp001")).toMatchObject({
      [ID.alice]: "ROLE_MANAGER",
      [ID.bob]: "ROLE_ASSISTANT_MANAGER",
      [ID.carol]: "ROLE_MEMBER",
    });
    expect((await project.preview()).changes).toEqual({});
  });

  it("destroy removes the two memberships it created and keeps the space's members", async () => {
    expect((await world().project.destroy()).changes).toEqual({ delete: 4 });
    expect(Object.keys(await live("spaces/AAAAdemo01")).sort()).toEqual([ID.alice, ID.bob].sort());
    expect(Object.keys(await live("spaces/AAAAapp001"))).toContain(ID.carol);
  });
}
