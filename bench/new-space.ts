// A new space with its members, at the API level: one spaces.setup carrying the 49 members it
// allows (then the role patches setup cannot make) against spaces.create then the member adds
// ChatSpaceMembers makes (one list, 49 creates, the same patches). Google's quotas, 50 ms per
// call, a fresh emulator per run; calls per method from the emulator's counters.
//   node -r ts-node/register/transpile-only bench/new-space.ts [--runs 3] [--latency 50] [--out F.md]
// With --out it also writes the Markdown table (bench/results/new-space.md in a full bench run).
import { OAuth2Client } from "google-auth-library";
import { chat, type chat_v1 } from "@googleapis/chat";
import { createChatApi } from "../provider/api";
import { validateSpaceMembersArgs } from "../provider/core";
import { reconcileSpace } from "../provider/reconcile/space";
import { forgetAll } from "../provider/reconcile/recent";
import { CALLER, startWorld, userEmail } from "./lib/world";
import { summarize } from "./lib/stats";
import { buildLabel, runMeta } from "./lib/meta";
import { writeFileSync } from "node:fs";

const OTHERS = 49; // spaces.setup's limit besides the caller
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg("runs", 3);
const LATENCY = arg("latency", 50);
const OUT = process.argv.includes("--out") ? process.argv[process.argv.indexOf("--out") + 1] : "";

/** The caller owns it; two more owners, three managers, the rest members. */
const declared = () => [
  { member: CALLER, role: "owner" },
  ...Array.from({ length: OTHERS }, (_, i) => ({
    member: userEmail(i),
    ...(i < 2 ? { role: "owner" } : i < 5 ? { role: "manager" } : {}),
  })),
];

const quiet = { info: () => {}, warn: () => {} };
let standIn = false;

async function run(path: "setup" | "create+adds") {
  const world = await startWorld(OTHERS, { latencyMs: LATENCY });
  const { emulator, credentials } = world;
  const oauth = new OAuth2Client({
    clientId: credentials.client_id,
    clientSecret: credentials.client_secret,
    endpoints: { oauth2TokenUrl: `${emulator.url}/token` },
    transporterOptions: { fetchImplementation: globalThis.fetch },
  });
  oauth.setCredentials({ refresh_token: credentials.refresh_token });
  const client: chat_v1.Chat = chat({ version: "v1", auth: oauth, rootUrl: `${emulator.url}/` });
  const api = createChatApi({
    credentials,
    emulatorHost: emulator.hostPort,
    fetchImplementation: globalThis.fetch,
  });
  forgetAll();
  await oauth.getAccessToken(); // both paths pay the token alike: left out of the time
  await emulator.control.resetLog();
  const space = { spaceType: "SPACE", displayName: `Bench ${path}` };
  const t0 = performance.now();
  let name: string;
  if (path === "setup") {
    const { data } = await client.spaces.setup({
      requestBody: {
        space,
        memberships: Array.from({ length: OTHERS }, (_, i) => ({
          member: { name: `users/${userEmail(i)}`, type: "HUMAN" },
        })),
      },
    });
    name = data.name!;
  } else {
    try {
      name = (await client.spaces.create({ requestBody: space })).data.name!;
    } catch (e) {
      // An emulator without spaces.create: one spaces.setup without members is the same one call.
      if ((e as { status?: number }).status !== 501) throw e;
      standIn = true;
      name = (await client.spaces.setup({ requestBody: { space } })).data.name!;
    }
  }
  const v = validateSpaceMembersArgs({ space: name, mode: "authoritative", members: declared() });
  if (!v.ok) throw new Error(JSON.stringify(v.failures));
  const record = await reconcileSpace(api, v.value, [], quiet);
  const ms = performance.now() - t0;
  const counters = await emulator.control.counters();
  const calls = Object.fromEntries(
    Object.entries(counters)
      .filter(([k]) => k.startsWith("spaces."))
      .map(([k, c]) => [k, c.total]),
  );
  await emulator.stop();
  return { ms, calls, added: record.added.length, members: record.view.members.length };
}

const LABEL = {
  setup: "one `spaces.setup` with the 49, then ChatSpaceMembers' role fix",
  "create+adds": "space create, then ChatSpaceMembers' adds",
};

(async () => {
  const rows: string[] = [];
  for (const path of ["setup", "create+adds"] as const) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await run(path));
    const ms = summarize(runs.map((r) => r.ms))!.median;
    const calls = Object.entries(runs[0]!.calls)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    rows.push(
      `| ${LABEL[path]} | ${ms.toFixed(0)} ms (${runs.map((r) => r.ms.toFixed(0)).join(", ")}) | ${calls} | ${runs[0]!.added} of ${runs[0]!.members - 1} |`,
    );
    console.log(
      `${path}: ${ms.toFixed(0)} ms median of ${RUNS} (${runs.map((r) => r.ms.toFixed(0)).join(", ")}); ` +
        `${runs[0]!.members} members, ${runs[0]!.added} counted as added by ChatSpaceMembers; ` +
        `calls ${JSON.stringify(runs[0]!.calls)}`,
    );
  }
  if (standIn)
    console.log("(spaces.create not served: a spaces.setup without members stood in for it)");
  if (OUT) {
    const md = [
      "# A new space with its members: spaces.setup against create + adds",
      "",
      `\`node -r ts-node/register/transpile-only bench/new-space.ts --runs ${RUNS} --latency ${LATENCY}\` (API level, no engine): ` +
        `a fresh emulator per run at Google's quotas with ${LATENCY} ms per call; the caller makes a named space and ${OTHERS} more members ` +
        "(spaces.setup's limit besides the caller): 2 owners, 3 managers, 44 members, declared by email in an authoritative ChatSpaceMembers. " +
        `Time from the first space call to the last write, the token left out. ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, measured on ${buildLabel(runMeta())}.`,
      "",
      `| path | time (median of ${RUNS}; each run) | API calls | counted as \`added\` |`,
      "|---|---:|---|---:|",
      ...rows,
      "",
      "Both paths are at their call bound (one call per write the path needs); the membership writes stay inside the project's 300 per minute, so neither waits on the quota." +
        (standIn
          ? " The create was a `spaces.setup` without members (this emulator did not serve `spaces.create`)."
          : ""),
      "",
    ];
    writeFileSync(OUT, md.join("\n"));
  }
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
