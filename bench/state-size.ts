// State bytes per resource and per member: a stack with two ChatSpaceMembers (10 and 100 members,
// among them an invited external guest and a group) and 10 ChatMembership resources, applied and
// refreshed through the real engine against the emulator, with `pulumi stack export` after the up
// and after the refresh. Each resource is measured as the export holds it (compact JSON): inputs,
// outputs, and the serialized provider (`__provider`) in both. Per member is the slope between
// the two rosters.
//
//   npm run bench:state            (builds dist first: the engine runs the compiled provider)
//   node -r ts-node/register/transpile-only bench/state-size.ts [--json] [--keep]
import * as path from "node:path";
import { defaultSeed, startEmulator, type Seed } from "../emulator";
import { openProject, type State } from "../scripts/lib/engine-harness";

const SMALL = "spaces/AAAAstate10";
const BIG = "spaces/AAAAstate100";
const SINGLES = "spaces/AAAAsingles";
const PROGRAM = path.resolve(__dirname, "../test/engine/fixtures/space-members");

const user = (i: number) => `user${i}@example.com`;

function seed(): Seed {
  const s = defaultSeed();
  const space = (name: string) => ({
    name,
    spaceType: "SPACE" as const,
    displayName: name,
    createdBy: "alice@example.com",
    members: [{ member: "alice@example.com", role: "ROLE_MANAGER" as const }],
  });
  return {
    ...s,
    users: [
      ...(s.users ?? []),
      ...Array.from({ length: 120 }, (_, i) => ({ email: user(i), displayName: `User ${i}` })),
    ],
    spaces: [...(s.spaces ?? []), space(SMALL), space(BIG), space(SINGLES)],
  };
}

/** n members: the caller (owner), an external invitee, a group, and n - 3 users (every 10th a manager). */
function roster(n: number) {
  return [
    { member: "alice@example.com", role: "owner" },
    { member: "dave@partner.example" },
    { member: "groups/eng" },
    ...Array.from({ length: n - 3 }, (_, i) => ({
      member: user(i),
      ...(i % 10 === 0 ? { role: "manager" } : {}),
    })),
  ];
}

type Resource = NonNullable<State["resources"]>[number];
const bytes = (v: unknown) => (v === undefined ? 0 : Buffer.byteLength(JSON.stringify(v)));

interface Measure {
  readonly resource: number;
  readonly inputs: number;
  readonly outputs: number;
  readonly provider: number;
  /** Bytes per top-level key, inputs and outputs together. */
  readonly keys: Record<string, number>;
}

function measure(r: Resource): Measure {
  const keys: Record<string, number> = {};
  for (const side of [r.inputs, r.outputs])
    for (const [k, v] of Object.entries(side ?? {})) keys[k] = (keys[k] ?? 0) + bytes(v);
  return {
    resource: bytes(r),
    inputs: bytes(r.inputs),
    outputs: bytes(r.outputs),
    provider: bytes(r.inputs?.__provider) + bytes(r.outputs?.__provider),
    keys,
  };
}

function summarize(state: State) {
  const find = (name: string) => {
    const r = state.resources?.find(
      (x) => x.urn.endsWith(`::${name}`) && x.type !== "pulumi:pulumi:Stack",
    );
    if (!r) throw new Error(`no resource ${name}`);
    return measure(r);
  };
  const s10 = find("s10");
  const s100 = find("s100");
  const ms = Array.from({ length: 10 }, (_, i) => find(`m${i}`));
  const perMember = (s100.resource - s10.resource) / 90;
  return {
    chatSpaceMembers: {
      members10: s10,
      members100: s100,
      perMember: Math.round(perMember * 10) / 10,
      fixed: Math.round(s10.resource - 10 * perMember),
    },
    chatMembership: {
      mean: Math.round(ms.reduce((a, m) => a + m.resource, 0) / ms.length),
      first: ms[0]!,
    },
    stackExport: bytes(state),
  };
}

function print(when: string, r: ReturnType<typeof summarize>) {
  const cols = (...v: (string | number)[]) =>
    `${String(v[0]).padEnd(26)} ${v
      .slice(1)
      .map((x, i) => String(x).padStart(i === 3 ? 9 : 7))
      .join(" ")}`;
  const row = (name: string, m: Measure) => cols(name, m.resource, m.inputs, m.outputs, m.provider);
  console.log(`== ${when}`);
  console.log(cols("resource", "bytes", "inputs", "outputs", "provider"));
  console.log(row("ChatSpaceMembers (10)", r.chatSpaceMembers.members10));
  console.log(row("ChatSpaceMembers (100)", r.chatSpaceMembers.members100));
  console.log(row("ChatMembership", r.chatMembership.first));
  const c = r.chatSpaceMembers;
  console.log(`ChatSpaceMembers: ${c.perMember} bytes per member, ${c.fixed} fixed`);
  console.log(`ChatMembership: ${r.chatMembership.mean} bytes per resource (mean of 10)`);
  console.log(`whole export: ${r.stackExport} bytes (compact JSON)`);
  console.log(
    `ChatSpaceMembers (100) by key, inputs + outputs: ${JSON.stringify(c.members100.keys)}`,
  );
  console.log(
    `ChatMembership by key, inputs + outputs: ${JSON.stringify(r.chatMembership.first.keys)}`,
  );
}

async function main() {
  const json = process.argv.includes("--json");
  const keep = process.argv.includes("--keep");
  const emulator = await startEmulator({ seed: seed(), quotas: { enabled: false } });
  const creds = await emulator.control.mintAuthorizedUser({ user: "alice@example.com" });
  const memberships = Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [
      `m${i}`,
      { space: SINGLES, member: user(100 + i), ...(i % 2 ? { role: "manager" } : {}) },
    ]),
  );
  const common = { mode: "authoritative", allowExternal: true, domains: ["example.com"] };
  const project = await openProject(PROGRAM, {
    env: { CHAT_EMULATOR_HOST: emulator.hostPort },
    config: {
      "googlechat:credentials": { value: JSON.stringify(creds), secret: true },
      "googlechat:writesPerMinute": { value: "100000" },
      spaces: {
        value: JSON.stringify({
          s10: { space: SMALL, members: roster(10), ...common },
          s100: { space: BIG, members: roster(100), maxRemovals: 0, ...common },
        }),
      },
      memberships: { value: JSON.stringify(memberships) },
    },
  });
  try {
    await project.up();
    const afterUp = summarize(await project.exportState());
    // A refresh rewrites the inputs and outputs from the live space.
    await project.refresh();
    const afterRefresh = summarize(await project.exportState());
    if (json) console.log(JSON.stringify({ afterUp, afterRefresh }, null, 2));
    else {
      print("after up", afterUp);
      print("after refresh", afterRefresh);
    }
    if (keep) console.error(`state kept in ${project.backendDir}`);
  } finally {
    if (!keep) await project.cleanup();
    await emulator.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
