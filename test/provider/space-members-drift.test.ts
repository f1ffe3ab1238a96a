// Drift with its time, against the emulator: a refresh that finds members added, removed or
// re-roled out of band names each with when it happened (one spaces.spaceEvents.list), says the
// author is unknown (Chat's events name none), and the next plan says what `up` does about it; no
// drift, no events call; an events call that fails or is refused never blocks the refresh.
import { startEmulator } from "../../emulator/index";
import { spaceMembers } from "../../provider/pulumi/runtime";
import { setChatApiForTests } from "../../provider/pulumi/session";
import { forgetAll } from "../../provider/reconcile/recent";
import { SPACE, userApi, type Emulator } from "./api/harness";

jest.setTimeout(60_000);

type Props = Record<string, unknown>;
const PROVIDER = "exports.handler = …";
const AT = "2026-12-03T14:02:00.000Z";

let emu: Emulator;
let lines: string[];
const calls = async (rpc: string) => (await emu.control.counters())[rpc]?.total ?? 0;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, quotas: { enabled: false } });
});
afterAll(async () => {
  setChatApiForTests(undefined);
  await emu?.stop();
});
beforeEach(async () => {
  lines = [];
  jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
  await emu.control.reset();
  setChatApiForTests(await userApi(emu, "alice@example.com"));
  forgetAll();
});
afterEach(() => jest.restoreAllMocks());

const team = {
  space: SPACE,
  mode: "authoritative",
  members: [{ member: "alice@example.com", role: "owner" }, { member: "bob@example.com" }],
};

/** An applied stack: the outputs of a create over the demo space (alice owner, bob member). */
async function applied(): Promise<Props> {
  const r = await spaceMembers.check({}, { __provider: PROVIDER, ...team });
  const { outs } = await spaceMembers.create({ ...r.inputs, __provider: PROVIDER });
  forgetAll();
  await emu.control.resetLog();
  lines = [];
  return outs!;
}

/** A refresh, then the preview's check of the same program against what it read. */
async function refreshAndPlan(outs: Props) {
  const read = await spaceMembers.read(SPACE, outs);
  const checked = await spaceMembers.check(read.inputs!, { __provider: PROVIDER, ...team });
  return { read, checked };
}

it("names each out-of-band change with its time, the author unknown, and what the next up does", async () => {
  const outs = await applied();
  await emu.control.addMember(
    SPACE,
    { member: "carol@example.com" },
    { actor: "erin@example.com", at: AT },
  );
  await emu.control.setRole(SPACE, "bob@example.com", "ROLE_ASSISTANT_MANAGER", { at: AT });
  const { read } = await refreshAndPlan(outs);
  expect(await calls("spaces.spaceEvents.list")).toBe(1);
  const warned = lines.filter((l) => l.includes("out of band"));
  const author = "author unknown: Chat's membership events do not name who made a change";
  expect(warned).toEqual(
    expect.arrayContaining([
      expect.stringContaining(
        `${SPACE}: carol@example.com added as member out of band on 2026-12-03 14:02 UTC (${author})`,
      ),
      expect.stringContaining(
        `${SPACE}: bob@example.com re-roled member → manager out of band on 2026-12-03 14:02 UTC (${author})`,
      ),
      expect.stringContaining(
        `${SPACE}: carol@example.com added as member out of band on 2026-12-03 14:02 UTC (${author}); not declared: the next up removes them`,
      ),
      expect.stringContaining(
        `${SPACE}: bob@example.com re-roled member → manager out of band on 2026-12-03 14:02 UTC (${author}); declared member: the next up makes them member`,
      ),
    ]),
  );
  expect(
    lines.some((l) =>
      /0 to add, 1 to remove, 1 role change \(plan\); 2 changed out of band/.test(l),
    ),
  ).toBe(true);
  // The author the emulator recorded is nowhere: the Chat API never gave it.
  expect(lines.join("\n")).not.toContain("erin");
  expect(read.inputs!.__drift).toHaveLength(2);
});

it("a member removed out of band: when, and that the next up adds them back", async () => {
  const outs = await applied();
  await emu.control.removeMember(SPACE, "bob@example.com", { at: AT });
  await refreshAndPlan(outs);
  expect(lines).toEqual(
    expect.arrayContaining([
      expect.stringContaining(
        "bob@example.com removed out of band on 2026-12-03 14:02 UTC (author unknown: Chat's membership events do not name who made a change); declared: the next up adds them back",
      ),
    ]),
  );
});

it("no drift: no events call, no drift line", async () => {
  const outs = await applied();
  const { read } = await refreshAndPlan(outs);
  expect(await calls("spaces.spaceEvents.list")).toBe(0);
  expect(await calls("spaces.members.list")).toBe(1);
  expect(lines.filter((l) => l.includes("out of band"))).toEqual([]);
  expect(read.inputs!.__drift).toBeUndefined();
});

it("a change older than the events' 28 days: when unknown, said so", async () => {
  const outs = await applied();
  const old = new Date(Date.now() - 30 * 86400_000).toISOString();
  await emu.control.addMember(SPACE, { member: "carol@example.com" }, { at: old });
  await refreshAndPlan(outs);
  expect(lines).toEqual(
    expect.arrayContaining([
      expect.stringContaining(
        "carol@example.com added as member out of band (when unknown: no created event for them in the last 28 days; author unknown:",
      ),
    ]),
  );
});

it("a batch change (several people in one UI action): each named with the batch's time", async () => {
  const outs = await applied();
  await emu.control.addMembers(
    SPACE,
    [{ member: "carol@example.com" }, { member: "erin@example.com" }],
    { at: AT },
  );
  await refreshAndPlan(outs);
  for (const who of ["carol@example.com", "erin@example.com"])
    expect(
      lines.some((l) => l.includes(`${who} added as member out of band on 2026-12-03 14:02 UTC`)),
    ).toBe(true);
  expect(await calls("spaces.spaceEvents.list")).toBe(1);
});

it.each([
  [
    "fails (500 after retries)",
    { status: 500, count: 10 },
    "spaces.spaceEvents.list failed: INTERNAL",
  ],
  ["is refused (403)", { status: 403, count: 10 }, "spaces.spaceEvents.list was refused"],
])(
  "an events call that %s never blocks the refresh or the plan: author and time unknown, and why",
  async (_, fault, why) => {
    const outs = await applied();
    await emu.control.addMember(SPACE, { member: "carol@example.com" });
    await emu.control.injectFault({ rpc: "spaces.spaceEvents.list", ...fault });
    const { read, checked } = await refreshAndPlan(outs);
    expect(read.props).toBeDefined();
    expect(checked.failures).toBeUndefined();
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `carol@example.com added as member out of band (when and author unknown: ${why}`,
        ),
        expect.stringMatching(
          /\(when and author unknown: .*\); not declared: the next up removes them/,
        ),
      ]),
    );
    await emu.control.clearFaults();
  },
);
