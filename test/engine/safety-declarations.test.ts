// Issue 9, failures 1, 2, 5 and 6 as real `pulumi up` runs: what the declaration says to leave
// alone is left alone. `ignore` by email (in code and in a member file) protects; additive mode
// never demotes; a change of mode or of `ignore` shows every removal it causes in
// `pulumi preview --diff --refresh` (and the guard counts them); one person declared twice is an
// error on the first apply, before any write (a newcomer: before the second create).
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";
import {
  BREAKGLASS,
  declare,
  EXTRA,
  failure,
  FIXTURE,
  homeOf,
  ID,
  live,
  manager,
  memberLines,
  owner,
  plain,
  reap,
  REPO,
  seedWith,
  resourcesOf,
  type SpaceOutputs,
  writesOn,
} from "./safety-kit";

jest.setTimeout(300_000);

const IGNORE_CODE = "spaces/AAAAignor01"; // ignore given in code
const IGNORE_FILE = "spaces/AAAAignor02"; // ignore given in a member file
const ADDITIVE = "spaces/AAAAaddtv01";
const WIDE = "spaces/AAAAwide001"; // more undeclared members than maxRemovals
const DUPES = "spaces/AAAAdupes01";

const ALICE = "alice@example.com";
const BOB = "bob@example.com";
const CAROL = "carol@example.com";
const ERIN = "erin@example.com";
const [FRANK, GRACE] = EXTRA as [string, string];

describe("safety: declarations", () => {
  let chat: ChatTestEnv;
  const projects: EngineProject[] = [];
  const open = async () => {
    const p = await openProject(FIXTURE, { env: chat.env, config: chat.config });
    projects.push(p);
    return p;
  };

  beforeAll(async () => {
    chat = await startChat({
      seed: seedWith({
        [IGNORE_CODE]: [owner(ALICE), plain(BOB), plain(BREAKGLASS)],
        [IGNORE_FILE]: [owner(ALICE), plain(BOB), plain(BREAKGLASS)],
        // carol an owner, erin a manager besides alice: additive mode must keep both.
        [ADDITIVE]: [owner(ALICE), owner(CAROL), manager(ERIN), plain(BOB)],
        [WIDE]: [owner(ALICE), ...EXTRA.map(plain)],
        [DUPES]: [owner(ALICE), plain(BOB)],
      }),
    });
  });
  afterAll(async () => {
    for (const p of projects) {
      const left = reap(homeOf(p));
      if (left.length)
        console.log(
          `left behind by ${p.workDir}: ${left.map((x) => path.basename(x.cmdline.split(" ")[0]!)).join(", ")}`,
        );
      await p.cleanup();
    }
    await chat?.emulator.stop();
  });

  describe("failure 1 and 5: ignore by email, then deleting the ignore entry", () => {
    let project: EngineProject;
    let membersDir: string;
    const inCode = (ignore: string[]) => ({
      space: IGNORE_CODE,
      mode: "authoritative",
      members: [{ member: ALICE, role: "owner" }],
      ignore,
    });
    const memberFile = (ignore: string[]) =>
      [
        `space: ${IGNORE_FILE}`,
        "mode: authoritative",
        "members:",
        `  - { user: ${ALICE}, role: owner }`,
        ...(ignore.length ? ["ignore:", ...ignore.map((i) => `  - ${i}`)] : []),
        "",
      ].join("\n");

    beforeAll(async () => {
      project = await open();
      membersDir = path.join(project.workDir, "members");
      fs.mkdirSync(membersDir);
    });

    it("protects a member ignored by email, in code and in a member file, in authoritative mode", async () => {
      // The README's two forms: `users/breakglass@example.com` in code, a bare email in a file.
      fs.writeFileSync(path.join(membersDir, "filed.yaml"), memberFile([BREAKGLASS]));
      const validated = execFileSync(
        process.execPath,
        [path.join(REPO, "dist/provider/cli/chat-members.js"), "validate", membersDir],
        { encoding: "utf8" },
      );
      expect(validated).toMatch(
        /filed\.yaml: ok \(spaces\/AAAAignor02, authoritative, 1 members\)/,
      );
      await declare(project, {
        spaces: { code: inCode([`users/${BREAKGLASS}`]) },
        membersDir,
      });

      // The first create's preview names what it removes: bob, never the ignored account.
      const preview = await project.preview();
      for (const space of [IGNORE_CODE, IGNORE_FILE])
        expect(preview.stdout).toContain(
          `${space}: the first apply will remove bob@example.com (member): not declared`,
        );
      expect(preview.stdout).not.toMatch(/remove breakglass/);

      await chat.emulator.control.resetLog();
      await project.up();
      for (const space of [IGNORE_CODE, IGNORE_FILE]) {
        expect(await live(chat, space)).toEqual({
          [ALICE]: "ROLE_MANAGER",
          [BREAKGLASS]: "ROLE_MEMBER",
        });
        const w = await writesOn(chat, space);
        expect([w.create, w.patch, w.delete]).toEqual([0, 0, 1]);
        expect(w.touched).toEqual([`${space}/members/${ID.bob.slice(6)}`]);
      }
      // The state lists every member, the ignored one included.
      const state = await resourcesOf(project);
      for (const name of ["code", "filed"])
        expect(state[name]?.outputs.members).toEqual({ [ALICE]: "owner", [BREAKGLASS]: "member" });

      // Nothing left to do: the ignored member is not a pending removal.
      await chat.emulator.control.resetLog();
      const again = await project.preview({ diff: true, refresh: true });
      expect(again.changes).toEqual({});
      expect(memberLines(again.stdout)).toEqual([]);
    });

    it("deleting the ignore entry: the preview names the removal, and the up makes exactly it", async () => {
      fs.writeFileSync(path.join(membersDir, "filed.yaml"), memberFile([]));
      await declare(project, { spaces: { code: inCode([]) }, membersDir });
      const preview = await project.preview({ diff: true, refresh: true });
      expect(preview.changes).toEqual({ update: 2 });
      // One line per resource: the member the next up removes, by email.
      expect(memberLines(preview.stdout)).toEqual([
        `- ${BREAKGLASS}: "member"`,
        `- ${BREAKGLASS}: "member"`,
      ]);

      await chat.emulator.control.resetLog();
      await project.up();
      for (const space of [IGNORE_CODE, IGNORE_FILE]) {
        expect(await live(chat, space)).toEqual({ [ALICE]: "ROLE_MANAGER" });
        const w = await writesOn(chat, space);
        expect([w.create, w.patch, w.delete]).toEqual([0, 0, 1]);
      }
    });
  });

  describe("failure 2 and 5: additive mode never demotes; switching to authoritative shows its removals", () => {
    let project: EngineProject;
    // `wide` stays additive until the last step: six members nobody declares.
    const wide = { space: WIDE, mode: "additive", members: [{ member: ALICE, role: "owner" }] };
    const team = (members: object[], mode = "additive") => ({ space: ADDITIVE, mode, members });
    const authoritativeTeam = team(
      [
        { member: ALICE, role: "owner" },
        { member: CAROL, role: "manager" },
        { member: ERIN }, // authoritative: no role declared is member
        { member: FRANK },
        { member: GRACE },
      ],
      "authoritative",
    );

    beforeAll(async () => {
      project = await open();
    });

    it("an owner and a manager declared without a role keep their roles (0 patches)", async () => {
      await declare(project, {
        spaces: { team: team([{ member: CAROL }, { member: ERIN }, { member: FRANK }]), wide },
      });
      await chat.emulator.control.resetLog();
      const up = await project.up();
      expect(up.stdout).toMatch(/1 to add, 0 to remove, 0 role changes/);
      expect(up.stdout).not.toMatch(/[1-9] role change|=> "member"/);
      let w = await writesOn(chat, ADDITIVE);
      expect([w.create, w.patch, w.delete]).toEqual([1, 0, 0]);
      expect(await writesOn(chat, WIDE)).toMatchObject({ create: 0, patch: 0, delete: 0 });
      const roles = {
        [ALICE]: "ROLE_MANAGER",
        [CAROL]: "ROLE_MANAGER",
        [ERIN]: "ROLE_ASSISTANT_MANAGER",
        [BOB]: "ROLE_MEMBER",
        [FRANK]: "ROLE_MEMBER",
      };
      expect(await live(chat, ADDITIVE)).toEqual(roles);

      // A later change: the preview shows the add and no role change; the up patches nobody.
      await declare(project, {
        spaces: {
          team: team([{ member: CAROL }, { member: ERIN }, { member: FRANK }, { member: GRACE }]),
          wide,
        },
      });
      const preview = await project.preview({ diff: true, refresh: true });
      expect(preview.changes).toEqual({ update: 1 });
      expect(memberLines(preview.stdout)).toEqual([`+ ${GRACE}: "member"`]);
      expect(preview.stdout).not.toMatch(/=>/);
      await chat.emulator.control.resetLog();
      const again = await project.up();
      w = await writesOn(chat, ADDITIVE);
      expect([w.create, w.patch, w.delete]).toEqual([1, 0, 0]);
      expect(await live(chat, ADDITIVE)).toEqual({ ...roles, [GRACE]: "ROLE_MEMBER" });
      // The state's roster says the same: carol owner, erin manager.
      const rosters = again.outputs.rosters as Record<string, SpaceOutputs>;
      expect(rosters.team?.members).toMatchObject({ [CAROL]: "owner", [ERIN]: "manager" });
    });

    it("a role declared in additive mode is applied, and shown", async () => {
      await declare(project, {
        spaces: {
          team: team([
            { member: CAROL, role: "manager" },
            { member: ERIN },
            { member: FRANK },
            { member: GRACE },
          ]),
          wide,
        },
      });
      const preview = await project.preview({ diff: true, refresh: true });
      expect(memberLines(preview.stdout)).toEqual([`~ ${CAROL}: "owner" => "manager"`]);
      await chat.emulator.control.resetLog();
      await project.up();
      const w = await writesOn(chat, ADDITIVE);
      expect([w.create, w.patch, w.delete]).toEqual([0, 1, 0]);
      expect(w.touched).toEqual([`${ADDITIVE}/members/${ID.carol.slice(6)}`]);
      expect((await live(chat, ADDITIVE))[CAROL]).toBe("ROLE_ASSISTANT_MANAGER");
    });

    it("additive → authoritative: the preview names each removal and role change; the up makes exactly those", async () => {
      await declare(project, { spaces: { team: authoritativeTeam, wide } });
      const preview = await project.preview({ diff: true, refresh: true });
      expect(preview.changes).toEqual({ update: 1 });
      expect(memberLines(preview.stdout)).toEqual([
        `- ${BOB}: "member"`,
        `~ ${ERIN}: "manager" => "member"`,
      ]);
      await chat.emulator.control.resetLog();
      await project.up();
      const w = await writesOn(chat, ADDITIVE);
      expect([w.create, w.patch, w.delete]).toEqual([0, 1, 1]);
      expect(w.touched.sort()).toEqual(
        [ID.bob, ID.erin].map((id) => `${ADDITIVE}/members/${id.slice(6)}`).sort(),
      );
      expect(await live(chat, ADDITIVE)).toEqual({
        [ALICE]: "ROLE_MANAGER",
        [CAROL]: "ROLE_ASSISTANT_MANAGER",
        [ERIN]: "ROLE_MEMBER",
        [FRANK]: "ROLE_MEMBER",
        [GRACE]: "ROLE_MEMBER",
      });
    });

    it("additive → authoritative removing more than maxRemovals: the preview fails listing them, the up removes nobody", async () => {
      await declare(project, {
        spaces: {
          team: authoritativeTeam,
          wide: { ...wide, mode: "authoritative" },
        },
      });
      const message = await failure(() => project.preview({ diff: true, refresh: true }));
      expect(message).toMatch(/TOO_MANY_REMOVALS: .*removes 6 members, more than the limit/);
      for (const email of EXTRA) expect(message).toContain(email);
      expect(message).toMatch(/set maxRemovals: 6/);
      await chat.emulator.control.resetLog();
      const upMessage = await failure(() => project.up());
      expect(upMessage).toMatch(/removes 6 members, more than the limit/);
      expect(await writesOn(chat, WIDE)).toMatchObject({ create: 0, patch: 0, delete: 0 });
      expect(Object.keys(await live(chat, WIDE))).toHaveLength(7);
    });
  });

  describe("failure 6: one person declared twice is refused on the first apply", () => {
    let project: EngineProject;
    /** What each refusal said, by the code it should name (checked in the last test). */
    const said: [code: string, message: string][] = [];
    const dupes = (members: object[], ignore: string[] = []) => ({
      team: {
        space: DUPES,
        mode: "authoritative",
        members: [{ member: ALICE, role: "owner" }, ...members],
        ignore,
      },
    });
    /** The preview (and the up) fail naming the entry; nothing is written. */
    const refused = async (code: string, what: RegExp, runUp = true) => {
      await chat.emulator.control.resetLog();
      const p = await failure(() => project.preview());
      expect(p).toMatch(what);
      said.push([code, p]);
      if (runUp) {
        const u = await failure(() => project.up());
        expect(u).toMatch(what);
        said.push([code, u]);
      }
      expect(await writesOn(chat, DUPES)).toMatchObject({ create: 0, patch: 0, delete: 0 });
      expect(await live(chat, DUPES)).toEqual({ [ALICE]: "ROLE_MANAGER", [BOB]: "ROLE_MEMBER" });
    };

    beforeAll(async () => {
      project = await open();
    });

    it("a member by email and by numeric id: DUPLICATE_MEMBER", async () => {
      await declare(project, {
        spaces: dupes([{ member: BOB }, { member: ID.bob, role: "manager" }]),
      });
      await refused(
        "DUPLICATE_MEMBER",
        /members\[2\]: is bob@example\.com, already declared as members\[1\]/,
      );
    });

    it("two spellings of one email: DUPLICATE_MEMBER", async () => {
      await declare(project, {
        spaces: dupes([{ member: BOB }, { member: "users/Bob@Example.com", role: "manager" }]),
      });
      await refused(
        "DUPLICATE_MEMBER",
        /members\[2\]\.member: declares users\/bob@example\.com again \(already members\[1\]\)/,
        false, // found by the same check as the others: the preview is enough
      );
    });

    it("an email in members and its numeric id in ignore: IGNORED_AND_DECLARED", async () => {
      await declare(project, { spaces: dupes([{ member: BOB }], [ID.bob]) });
      await refused(
        "IGNORED_AND_DECLARED",
        /ignore\[0\]: is bob@example\.com, also declared as members\[1\]/,
      );
      // No run got as far as recording the resource.
      expect(await resourcesOf(project)).toEqual({});
    });

    // A newcomer (not in the space yet) declared by email and by numeric id: no API call tells
    // who a non-member is, so the preview cannot see it (it shows two adds). The up creates the
    // email's entry first, learns the id, and refuses the second create: one create (and the
    // email entry's role), no second create, no role flip. Once erin is a member, the next preview
    // refuses before any write. (Issue 9 asks for "before any write": for a newcomer, the first
    // create is the only lookup there is.)
    it("someone not in the space yet, by email and by numeric id: the second create is refused", async () => {
      await declare(project, {
        spaces: dupes([{ member: BOB }, { member: ERIN, role: "manager" }, { member: ID.erin }]),
      });
      await chat.emulator.control.resetLog();
      const u = await failure(() => project.up());
      expect(u).toMatch(
        /DUPLICATE_MEMBER: members: is erin@example\.com, declared twice \(the create of erin@example\.com showed it\)/,
      );
      said.push(["DUPLICATE_MEMBER", u]);
      let w = await writesOn(chat, DUPES);
      expect([w.create, w.patch, w.delete]).toEqual([1, 1, 0]);
      expect(await live(chat, DUPES)).toEqual({
        [ALICE]: "ROLE_MANAGER",
        [BOB]: "ROLE_MEMBER",
        [ERIN]: "ROLE_ASSISTANT_MANAGER",
      });

      await chat.emulator.control.resetLog();
      const p = await failure(() => project.preview({ refresh: true }));
      expect(p).toMatch(/members\[3\]: is erin@example\.com, already declared as members\[2\]/);
      said.push(["DUPLICATE_MEMBER", p]);
      w = await writesOn(chat, DUPES);
      expect([w.create, w.patch, w.delete]).toEqual([0, 0, 0]);
    });

    // PROVIDER BUG: a refusal found by input validation in check (here DUPLICATE_MEMBER for two
    // spellings of one email) reaches the user without its code: space-members.ts (check, "if
    // (!v.ok)") and membership.ts (check) map each ValidationFailure to `reason: f.reason`,
    // dropping `f.code`; the planning errors (shown()) and the apply's errors carry theirs.
    it("every refusal names its code", () => {
      expect(said.length).toBe(7);
      for (const [code, message] of said) expect(message).toContain(code);
    });
  });
});
