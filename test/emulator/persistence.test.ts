// The file backend: a restart on the same state file resumes; a SIGKILLed emulator loses no
// acknowledged write and never leaves a torn file.
import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmulatorControl, Seed, startEmulator } from "../../emulator";
import { DEMO, IDS } from "./helpers";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "emu-state-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const seed: Seed = {
  domain: "example.com",
  users: [
    { email: "owner@example.com", id: "1" },
    ...Array.from({ length: 60 }, (_, i) => ({ email: `p${i}@example.com`, id: String(100 + i) })),
  ],
  projects: [{ id: "demo-project" }],
  spaces: [
    {
      name: "spaces/P",
      displayName: "P",
      members: [{ member: "owner@example.com", role: "ROLE_MANAGER" }],
    },
  ],
};

async function create(url: string, token: string, userId: string): Promise<number> {
  const res = await fetch(`${url}/v1/spaces/P/members`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ member: { name: `users/${userId}`, type: "HUMAN" } }),
  });
  return res.status;
}

it("resumes from the state file after a clean stop, credentials included", async () => {
  const stateFile = join(dir, "state.json");
  const a = await startEmulator({ stateFile });
  expect(a.resumed).toBe(false);
  const { access_token } = await a.control.mintAccessToken({ user: "alice@example.com" });
  await a.control.addMember(DEMO, { member: "carol@example.com" });
  await a.stop();
  const b = await startEmulator({ stateFile });
  try {
    expect(b.resumed).toBe(true);
    const res = await fetch(`${b.url}/v1/${DEMO}/members/${IDS.carol}`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(res.status).toBe(200);
  } finally {
    await b.stop();
  }
});

function startCli(
  stateFile: string,
  seedFile: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      "-r",
      "ts-node/register/transpile-only",
      join(__dirname, "../../emulator/cli.ts"),
      "--port",
      "0",
      "--no-quotas",
      "--state",
      stateFile,
      "--seed",
      seedFile,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once("exit", (code) => reject(new Error(`emulator exited early (${code})`)));
  });
}

it("loses no acknowledged write when SIGKILLed mid-burst, and the file is never torn", async () => {
  const stateFile = join(dir, "state.json");
  const seedFile = join(dir, "seed.yaml");
  writeFileSync(seedFile, JSON.stringify(seed));
  const { child, url } = await startCli(stateFile, seedFile);
  const exited = new Promise((r) => child.once("exit", r));
  const acked: string[] = [];
  try {
    const { access_token } = await new EmulatorControl(url).mintAccessToken({
      user: "owner@example.com",
    });
    for (let i = 0; i < 10; i++) {
      if ((await create(url, access_token, String(100 + i))) === 200) acked.push(String(100 + i));
    }
    // A burst still in flight when the process dies.
    const burst = Array.from({ length: 50 }, (_, i) =>
      create(url, access_token, String(110 + i)).then(
        (s) => {
          if (s === 200) acked.push(String(110 + i));
          if (acked.length === 25) child.kill("SIGKILL");
        },
        () => undefined,
      ),
    );
    await Promise.all(burst);
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
  expect(acked.length).toBeGreaterThanOrEqual(25);
  // The file parses (never torn); stray temp files are cleaned up on the next start.
  JSON.parse(readFileSync(stateFile, "utf8"));
  const again = await startEmulator({ stateFile });
  try {
    expect(again.resumed).toBe(true);
    expect(readdirSync(dir).filter((n) => n.includes(".tmp-"))).toEqual([]);
    const ids = new Set(
      (await again.control.listMembers("spaces/P")).map((m) => m.name.split("/").pop()),
    );
    for (const id of acked) expect(ids).toContain(id);
  } finally {
    await again.stop();
  }
});
