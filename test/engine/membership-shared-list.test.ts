// Many ChatMembership in one space through the real engine, both forms (the dynamic provider
// from TypeScript, the googlechat plugin from YAML): the engine calls create and read once per
// resource, and the provider process serves their lookups from one members.list of the space.
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { defaultSeed, type Seed } from "../../emulator";
import { startChat, type ChatTestEnv } from "./chat";
import { FIXTURE, setMembers, type Members } from "./membership-kit";
import { openYaml, yamlProgram, type YamlResource } from "./plugin-kit";

jest.setTimeout(300_000);

const WIDE = "spaces/AAAAwide0001";
const N = 60;
const person = (i: number) => `p${i}@example.com`;

function seed(): Seed {
  const base = defaultSeed();
  return {
    ...base,
    users: [
      ...(base.users ?? []),
      ...Array.from({ length: N + 5 }, (_, i) => ({ email: person(i) })),
    ],
    spaces: [
      ...(base.spaces ?? []),
      {
        name: WIDE,
        spaceType: "SPACE" as const,
        displayName: "Wide",
        createdBy: "alice@example.com",
        members: [
          { member: "alice@example.com", role: "ROLE_MANAGER" as const },
          // Already there: adopted by their resources, never created.
          ...Array.from({ length: 5 }, (_, i) => ({ member: person(N + i) })),
        ],
      },
    ],
  };
}

const declared = Array.from({ length: N + 5 }, (_, i) => person(i));

const forms: [string, (chat: ChatTestEnv) => Promise<EngineProject>][] = [
  [
    "dynamic provider (TypeScript)",
    async (chat) => {
      const project = await openProject(FIXTURE, { env: chat.env, config: chat.config });
      const members: Members = Object.fromEntries(
        declared.map((p, i) => [`m${i}`, { space: WIDE, member: p }]),
      );
      await setMembers(project, members);
      return project;
    },
  ],
  [
    "googlechat plugin (YAML)",
    (chat) =>
      openYaml(
        yamlProgram(
          Object.fromEntries(
            declared.map((p, i): [string, YamlResource] => [
              `m${i}`,
              { type: "googlechat:index:ChatMembership", properties: { space: WIDE, member: p } },
            ]),
          ),
        ),
        chat,
      ),
  ],
];

describe.each(forms)("%s", (_form, open) => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  const counts = async () => {
    const c = await chat.emulator.control.counters();
    const n = (rpc: string) => c[rpc]?.total ?? 0;
    return {
      get: n("spaces.members.get"),
      list: n("spaces.members.list"),
      create: n("spaces.members.create"),
    };
  };

  beforeAll(async () => {
    chat = await startChat({ seed: seed() });
    project = await open(chat);
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it(`the first up of ${N + 5} ChatMemberships lists the space once instead of a get each`, async () => {
    await chat.emulator.control.resetLog();
    const up = await project.up();
    expect(up.changes).toEqual({ create: N + 5 + 1 }); // and the stack itself
    const c = await counts();
    expect(c.create).toBe(N);
    expect(c.list).toBe(1);
    expect(c.get).toBeLessThanOrEqual(2); // the first lookup, and at most one racing it
    expect(await chat.emulator.control.listMembers(WIDE)).toHaveLength(N + 6);
  });

  it("a refresh reads every membership from one list; a removal out of band is seen", async () => {
    await chat.emulator.control.removeMember(WIDE, person(3));
    await chat.emulator.control.resetLog();
    const refresh = await project.refresh();
    expect(refresh.changes).toEqual({ delete: 1 });
    const c = await counts();
    expect(c.list).toBe(1);
    expect(c.get).toBeLessThanOrEqual(2);
    // The next up adds the removed member back, and only them.
    await chat.emulator.control.resetLog();
    expect((await project.up()).changes).toEqual({ create: 1 });
    expect((await counts()).create).toBe(1);
  });
});
