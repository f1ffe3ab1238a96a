// ChatMembership through the real engine: invalid inputs stop before any API call with a message
// that names the field, the value and the fix; failures of Chat reach the user as one line; a new
// version of the provider code shows no changes on a deployed stack.
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";
import {
  ALICE_ID,
  CAROL_ID,
  apiCalls,
  failureText,
  FIXTURE,
  setMembers,
  SPACE,
  STACK_FRAME,
  liveRoles,
} from "./membership-kit";

jest.setTimeout(300_000);

describe("ChatMembership: checks, errors and provider upgrades", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;

  beforeAll(async () => {
    chat = await startChat();
    project = await openProject(FIXTURE, { env: chat.env, config: chat.config });
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  const INVALID: [string, Record<string, unknown>, RegExp][] = [
    [
      "bad email",
      { member: "users/alice@@example.com" },
      /member: is not a valid email address \(got "users\/alice@@example.com"\); fix: use an email/,
    ],
    [
      "path injection",
      { member: "users/../x" },
      /member: contains "\.\." \(path traversal\) \(got "users\/\.\.\/x"\); fix: use an email/,
    ],
    [
      "group with a role",
      { member: "groups/eng", role: "manager" },
      /role: a group \(groups\/eng\) has no role.*\(got "manager"\); fix: remove the role/,
    ],
    [
      "app with admin access",
      { member: "users/app", useAdminAccess: true },
      /useAdminAccess: admin access cannot create or delete the app's membership.*\(got true\); fix: drop useAdminAccess/,
    ],
    [
      "unknown role",
      { member: "users/carol@example.com", role: "boss" },
      /role: is not a role \(got "boss"\); fix: use one of member, manager, owner, ROLE_MEMBER/,
    ],
  ];

  it.each(INVALID)(
    "%s fails preview and up with field, value and fix, and makes no API call",
    async (_label, args, message) => {
      await setMembers(project, { bad: { space: SPACE, ...args } });
      await chat.emulator.control.resetLog();
      const preview = await failureText(project.preview());
      expect(preview).toMatch(message);
      expect(preview).toMatch(
        /ChatMembership:Resource resource 'bad': property \w+ value .* has a problem: /,
      );
      const up = await failureText(project.up());
      expect(up).toMatch(message);
      expect(preview + up).not.toMatch(STACK_FRAME);
      // Nothing reached Chat, not even a token request.
      expect(await chat.emulator.control.requests()).toEqual([]);
    },
  );

  it("a failed create is Chat's reason on one line, without a stack trace", async () => {
    await setMembers(project, { ghost: { space: SPACE, member: "users/nobody@example.com" } });
    const text = await failureText(project.up());
    expect(text).toMatch(
      /spaces\.members\.create spaces\/AAAAdemo01 users\/nobody@example\.com: NOT_FOUND/,
    );
    expect(text).not.toMatch(STACK_FRAME);
    expect(project.log.join("")).not.toMatch(STACK_FRAME);
  });

  it("a new provider version shows no changes on a deployed stack", async () => {
    await setMembers(project, {
      carol: { space: SPACE, member: "carol@example.com", role: "owner" },
      eng: { space: SPACE, member: "groups/eng" },
    });
    await project.up();
    expect((await liveRoles(chat))[CAROL_ID]).toBe("ROLE_MANAGER");
    // The state as an older release would have written it: a different serialized provider.
    const deployment = await project.stack.exportStack();
    const resources = (
      deployment.deployment as {
        resources: {
          type: string;
          inputs?: Record<string, unknown>;
          outputs?: Record<string, unknown>;
        }[];
      }
    ).resources;
    const ours = resources.filter((r) => r.type.includes("googlechat:ChatMembership"));
    expect(ours).toHaveLength(2);
    const current = String(ours[0]!.outputs!.__provider);
    expect(current).toContain('require("pulumi-googlechat-members/runtime")');
    const older = `// serialized by pulumi-googlechat-members 0.0.1\n${current.replace(/\n/g, "\n\n")}`;
    for (const r of ours) {
      r.inputs!.__provider = older;
      r.outputs!.__provider = older;
    }
    await project.stack.importStack(deployment);
    const reexported = JSON.stringify(await project.stack.exportStack());
    expect(reexported).toContain("0.0.1");

    await chat.emulator.control.resetLog();
    expect((await project.preview()).changes).toEqual({});
    expect((await project.up()).changes).toEqual({});
    expect((await project.refresh()).changes).toEqual({});
    expect((await project.preview()).changes).toEqual({});
    // Only the refresh read anything (the first membership's get, then one list of the space
    // that serves the second: api/shared-lists.ts); nothing was written.
    const calls = await apiCalls(chat);
    expect(calls.map((c) => c.rpc).sort()).toEqual(["spaces.members.get", "spaces.members.list"]);
  });

  it("removing the last owner fails with LAST_OWNER on one line and removes nothing", async () => {
    await setMembers(project, {
      carol: { space: SPACE, member: "carol@example.com", role: "member" },
      eng: { space: SPACE, member: "groups/eng" },
      alice: { space: SPACE, member: "alice@example.com", role: "owner", onDestroy: "remove" },
    });
    const up = await project.up();
    expect(up.changes).toEqual({ create: 1, update: 1 });
    expect((await liveRoles(chat))[ALICE_ID]).toBe("ROLE_MANAGER");
    const text = await failureText(project.destroy());
    expect(text).toMatch(
      /member: cannot be removed: Chat refused .*a space must keep an owner.*fix: make another member owner/,
    );
    expect(text).not.toMatch(STACK_FRAME);
    expect((await liveRoles(chat))[ALICE_ID]).toBe("ROLE_MANAGER");
  });
});
