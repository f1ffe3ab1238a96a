// API calls per command for drift, against their bounds: a refresh without drift (1 list pass,
// no events call), a refresh with drift (1 list pass + 1 spaceEvents pass), and `chat-members
// drift` over S spaces of which D drifted (S list passes + D events passes). A list pass is one
// call per 1,000 members; an events pass one per 1,000 events.
//   node -r ts-node/register/transpile-only bench/drift-calls.ts [spaces=5] [members=1500] [drifted=2]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultSeed, startEmulator } from "../emulator";
import { createChatApi } from "../provider/api";
import { main } from "../provider/cli/chat-members";
import { spaceMembers } from "../provider/pulumi/runtime";
import { setChatApiForTests } from "../provider/pulumi/session";
import { forgetAll } from "../provider/reconcile/recent";

const [S = 5, N = 1500, D = 2] = process.argv.slice(2).map(Number);
const PROVIDER = "exports.handler = …";

async function run() {
  const seed = defaultSeed();
  const users = Array.from({ length: N }, (_, i) => ({ email: `u${i}@example.com` }));
  const spaces = Array.from({ length: S }, (_, s) => ({
    name: `spaces/AAAAdrift${String(s).padStart(2, "0")}`,
    createdBy: "alice@example.com",
    members: [
      { member: "alice@example.com", role: "ROLE_MANAGER" as const },
      ...users.slice(0, N - 1).map((u) => ({ member: u.email })),
    ],
  }));
  const emu = await startEmulator({
    port: 0,
    quotas: { enabled: false },
    seed: {
      ...seed,
      users: [...(seed.users ?? []), ...users],
      spaces: [...(seed.spaces ?? []), ...spaces],
    },
  });
  const creds = await emu.control.mintAuthorizedUser({ user: "alice@example.com" });
  const api = createChatApi({ credentials: JSON.stringify(creds), emulatorHost: emu.hostPort });
  setChatApiForTests(api);
  const dir = mkdtempSync(join(tmpdir(), "drift-calls-"));
  mkdirSync(join(dir, "spaces"));
  writeFileSync(join(dir, "c.json"), JSON.stringify(creds));
  const count = async () => {
    const c = await emu.control.counters();
    return {
      list: c["spaces.members.list"]?.total ?? 0,
      events: c["spaces.spaceEvents.list"]?.total ?? 0,
    };
  };
  const listPass = Math.ceil(N / 1000);
  const rows: string[] = [];
  const row = (
    what: string,
    got: { list: number; events: number },
    bound: { list: number; events: number },
  ) =>
    rows.push(
      `${what.padEnd(44)} list ${got.list} (bound ${bound.list})  events ${got.events} (bound ${bound.events})`,
    );

  // Apply each space as declared (the file is the live list), then measure.
  const outs: Record<string, Record<string, unknown>>[] = [];
  for (const sp of spaces) {
    const args = {
      space: sp.name,
      mode: "authoritative",
      maxRemovals: 10,
      members: sp.members.map((m) => ({
        member: m.member,
        ...("role" in m ? { role: "owner" } : {}),
      })) as { member: string; role?: string }[],
    };
    const file = {
      space: sp.name,
      maxRemovals: 10,
      members: args.members.map((m) => ({
        user: m.member,
        ...("role" in m ? { role: m.role } : {}),
      })),
    };
    writeFileSync(join(dir, `spaces/${sp.name.slice(7)}.yaml`), JSON.stringify(file));
    const checked = await spaceMembers.check({}, { __provider: PROVIDER, ...args });
    const created = await spaceMembers.create({ ...checked.inputs, __provider: PROVIDER });
    outs.push({ [sp.name]: created.outs! });
    forgetAll();
  }
  const refresh = async (i: number) => {
    await emu.control.resetLog();
    forgetAll();
    const [space, props] = Object.entries(outs[i]!)[0]!;
    await spaceMembers.read(space, props);
    return count();
  };
  row("refresh, no drift (1 space)", await refresh(0), { list: listPass, events: 0 });
  for (let d = 0; d < D; d++)
    await emu.control.addMember(spaces[d]!.name, { member: "carol@example.com" });
  row("refresh, drift (1 space)", await refresh(0), { list: listPass, events: 1 });

  await emu.control.resetLog();
  forgetAll();
  const code = await main(
    [
      "drift",
      join(dir, "spaces"),
      "--json",
      "--credentials",
      join(dir, "c.json"),
      "--emulator-host",
      emu.hostPort,
    ],
    { out: () => undefined, err: (t) => void process.stderr.write(t), env: {}, cwd: dir },
  );
  row(`chat-members drift (${S} spaces, ${D} drifted; exit ${code})`, await count(), {
    list: S * listPass,
    events: D,
  });
  rmSync(dir, { recursive: true, force: true });
  await emu.stop();
  return rows;
}

void run().then((rows) => console.log(rows.join("\n")));
