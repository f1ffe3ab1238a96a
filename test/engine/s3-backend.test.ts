// A real DIY state backend: `pulumi login s3://…` against an S3-compatible server (moto_server on
// loopback, ./s3.ts), with ChatSpaceMembers against the emulator. The state lives only in the
// bucket through up / preview / refresh / destroy, secrets stay ciphertext in every object, and two
// `pulumi up` at once on one stack: the second fails on the backend's lock and nothing is
// written twice to Chat.
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { defaultSeed } from "../../emulator";
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";
import { startS3, type S3Server } from "./s3";
import { declare, failure, FIXTURE, ID, live, writesOn } from "./safety-kit";

jest.setTimeout(300_000);

const SPACE = "spaces/AAAAdemo01";
const STACK_KEY = ".pulumi/stacks/space-members-fixture/test.json";
const LOCKS = ".pulumi/locks/";
const team = {
  space: SPACE,
  mode: "authoritative",
  members: [
    { member: "alice@example.com", role: "owner" },
    { member: "carol@example.com", role: "manager" },
    { member: "dave@partner.example" },
    { member: "groups/eng" },
  ],
};
/** The space once `team` is applied, as the Chat UI shows it. */
const full = {
  "alice@example.com": "ROLE_MANAGER",
  "carol@example.com": "ROLE_ASSISTANT_MANAGER",
  "dave@partner.example": "ROLE_MEMBER",
  "groups/eng": "MEMBERSHIP_ROLE_UNSPECIFIED",
};

/** Every file under `dir` (not following links: node_modules is the repo's). */
function localFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return localFiles(p);
    return e.isFile() ? [p] : [];
  });
}

describe("state in an S3 bucket (moto_server), ChatSpaceMembers against the emulator", () => {
  let s3: S3Server;
  let chat: ChatTestEnv;
  let project: EngineProject;
  let other: EngineProject | undefined;
  const bucket = `chat-state-${randomBytes(4).toString("hex")}`;
  const note = `note-${randomBytes(12).toString("hex")}`;

  const writes = async () => {
    const w = await writesOn(chat, SPACE);
    return w.create + w.patch + w.delete;
  };
  const stackState = () => s3.getText(bucket, STACK_KEY);
  const locks = async () => (await s3.listKeys(bucket)).filter((k) => k.startsWith(LOCKS));

  beforeAll(async () => {
    s3 = await startS3();
    const url = await s3.createBucket(bucket);
    chat = await startChat({ seed: defaultSeed() });
    project = await openProject(FIXTURE, {
      backendUrl: url,
      env: { ...chat.env, ...s3.env },
      config: { ...chat.config, note: { value: note, secret: true } },
    });
  });
  afterAll(async () => {
    await other?.cleanup();
    await project?.cleanup();
    await chat?.emulator.stop();
    await s3?.stop();
  });

  it("up writes the state to the bucket and none to local disk", async () => {
    expect(project.backendUrl).toMatch(/^s3:\/\/chat-state-[0-9a-f]{8}\?endpoint=http:\/\/127/);
    await declare(project, { spaces: { team } });
    const up = await project.up();
    expect(up.changes).toEqual({ create: 2 });
    expect(await live(chat, SPACE)).toEqual(full);

    const keys = await s3.listKeys(bucket);
    expect(keys).toEqual(expect.arrayContaining([".pulumi/meta.yaml", STACK_KEY]));
    // One history entry per update, beside the checkpoint; the lock is gone once `up` ends.
    expect(keys.filter((k) => k.startsWith(".pulumi/history/"))).not.toHaveLength(0);
    expect(await locks()).toEqual([]);
    const state = await stackState();
    expect(state).toContain("::pulumi-nodejs:dynamic/googlechat:ChatSpaceMembers:Resource::team");
    expect(state).toContain(ID.dave);

    // Nothing on disk holds state: the file backend's folder is empty, and no file of the
    // project (program, Pulumi.test.yaml, PULUMI_HOME) carries a resource URN.
    expect(fs.readdirSync(project.backendDir)).toEqual([]);
    const files = localFiles(project.baseDir);
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) expect(fs.readFileSync(f, "utf8")).not.toContain("urn:pulumi:");
  });

  it("a preview with nothing changed reads the bucket and plans nothing", async () => {
    await chat.emulator.control.resetLog();
    expect((await project.preview()).changes).toEqual({});
    expect((await project.preview({ refresh: true })).changes).toEqual({});
    expect(await writes()).toBe(0);
  });

  it("refresh records a change made in Chat into the bucket; up heals it", async () => {
    await chat.emulator.control.addMember(SPACE, { member: "erin@example.com" });
    expect(await stackState()).not.toContain(ID.erin);
    expect((await project.refresh()).changes).toEqual({ update: 1 });
    expect(await stackState()).toContain(ID.erin);

    await chat.emulator.control.resetLog();
    expect((await project.up()).changes).toEqual({ update: 1 });
    expect(await writesOn(chat, SPACE)).toMatchObject({ create: 0, patch: 0, delete: 1 });
    expect(await live(chat, SPACE)).toEqual(full);
  });

  it("keeps secrets encrypted in every object of the bucket", async () => {
    // The secret note is a stack output; the credentials are secret config, which the engine
    // keeps in the default provider's inputs (the dynamic provider's `configure` reads them).
    const keys = await s3.listKeys(bucket);
    const texts = await Promise.all(keys.map((k) => s3.getText(bucket, k)));
    expect(texts.join("").length).toBeGreaterThan(1000);
    for (const [i, text] of texts.entries()) {
      for (const secret of [note, ...chat.secrets]) {
        if (text.includes(secret)) throw new Error(`${keys[i]} holds a secret in plaintext`);
      }
    }
    const deployment = JSON.parse(await stackState()) as {
      checkpoint: {
        latest: {
          secrets_providers: { type: string };
          resources: { type: string; inputs?: unknown; outputs?: unknown }[];
        };
      };
    };
    const { latest } = deployment.checkpoint;
    expect(latest.secrets_providers.type).toBe("passphrase");
    // Each as Pulumi stores a secret: the secret signature and a passphrase ciphertext.
    const ciphertext = {
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      ciphertext: expect.stringMatching(/^v1:/),
    };
    const byType = (t: string) => latest.resources.find((r) => r.type === t);
    expect(byType("pulumi:pulumi:Stack")?.outputs).toMatchObject({ note: ciphertext });
    expect(byType("pulumi:providers:pulumi-nodejs")?.inputs).toMatchObject({
      "googlechat:credentials": ciphertext,
      "space-members-fixture:note": ciphertext,
    });
    // And it still decrypts: the engine reads it back from the bucket.
    const up = await project.up();
    expect(up.changes).toEqual({});
    expect(up.outputs.note).toBe(note);
  });

  it("two `pulumi up` at once on one stack: the second fails on the lock; each member is added once", async () => {
    // A second checkout of the same stack (a second CI job): its own PULUMI_HOME and work dir,
    // the same bucket, and the same Pulumi.test.yaml (config, encryption salt) as committed.
    other = await openProject(FIXTURE, {
      backendUrl: project.backendUrl,
      env: { ...chat.env, ...s3.env },
    });
    const withNew = {
      ...team,
      members: [...team.members, { member: "bob@example.com" }, { member: "erin@example.com" }],
    };
    await declare(project, { spaces: { team: withNew } });
    fs.copyFileSync(
      path.join(project.workDir, "Pulumi.test.yaml"),
      path.join(other.workDir, "Pulumi.test.yaml"),
    );

    await chat.emulator.control.resetLog();
    // The first add waits 8 s in Chat, so the first `up` holds the lock while the second starts.
    await chat.emulator.control.injectFault({
      rpc: "spaces.members.create",
      count: 1,
      delayMs: 8000,
    });
    const first = project.up();
    first.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
    const deadline = Date.now() + 60_000;
    while ((await locks()).length === 0) {
      if (Date.now() > deadline) throw new Error("the first `pulumi up` took no lock in 60 s");
      await new Promise((r) => setTimeout(r, 100));
    }
    const started = Date.now();
    const message = await failure(() => other!.up());
    const took = Date.now() - started;
    const firstUp = await first; // before any assertion: a failed one must not leave it running
    expect(message).toMatch(/the stack is currently locked by 1 lock\(s\)/);
    expect(message).toMatch(
      /s3:\/\/chat-state-[0-9a-f]{8}\/\.pulumi\/locks\/organization\/space-members-fixture\/test\/[0-9a-f-]+\.json/,
    );
    // It failed at the lock, before running anything: within the first `up`'s wait on Chat.
    expect(took).toBeLessThan(8000);

    expect(firstUp.changes).toEqual({ update: 1 });
    // One create per new member, and nothing else: the second job wrote nothing to Chat.
    expect(await writesOn(chat, SPACE)).toMatchObject({ create: 2, patch: 0, delete: 0 });
    expect(await live(chat, SPACE)).toEqual({
      ...full,
      "bob@example.com": "ROLE_MEMBER",
      "erin@example.com": "ROLE_MEMBER",
    });
    expect(await locks()).toEqual([]);

    // The second job, rerun, sees the first one's state in the bucket: nothing left to do.
    await chat.emulator.control.resetLog();
    expect((await other.preview({ refresh: true })).changes).toEqual({});
    expect((await other.up()).changes).toEqual({});
    expect(await writes()).toBe(0);
    for (const f of localFiles(other.baseDir)) {
      expect(fs.readFileSync(f, "utf8")).not.toContain("urn:pulumi:");
    }
  });

  it("destroy empties the stack in the bucket", async () => {
    await chat.emulator.control.resetLog();
    expect((await project.destroy()).changes).toEqual({ delete: 2 });
    // By default destroy keeps everyone (removeOnDestroy is off).
    expect(await writes()).toBe(0);
    const state = await stackState();
    expect(state).not.toContain("ChatSpaceMembers");
    expect((await project.exportState()).resources ?? []).toEqual([]);
    expect(await locks()).toEqual([]);
  });
});
