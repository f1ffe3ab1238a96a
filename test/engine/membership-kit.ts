// Shared steps of the ChatMembership engine tests: one emulator and one stack per test file,
// members declared through the fixture's `members` config (JSON).
import * as path from "node:path";
import type { LoggedRequest } from "../../emulator";
import type { EngineProject } from "../../scripts/lib/engine-harness";
import type { ChatTestEnv } from "./chat";

export const FIXTURE = path.join(__dirname, "fixtures/membership");
export const SPACE = "spaces/AAAAdemo01";
export const ALICE_ID = "users/100000000000000000001";
export const BOB_ID = "users/100000000000000000002";
export const CAROL_ID = "users/100000000000000000003";
export const DAVE_ID = "users/100000000000000000004";
export const ERIN_ID = "users/100000000000000000005";

export type Members = Record<string, Record<string, unknown>>;

export function setMembers(project: EngineProject, members: Members): Promise<void> {
  return project.stack.setConfig("members", { value: JSON.stringify(members) });
}

/** Live roles of the space by canonical member name (groups included, invited included). */
export async function liveRoles(chat: ChatTestEnv, space = SPACE): Promise<Record<string, string>> {
  const all = await chat.emulator.control.listMembers(space);
  return Object.fromEntries(
    all.map((m) => [m.member?.name ?? m.groupMember?.name ?? m.name, m.role ?? "UNSPECIFIED"]),
  );
}

/** Requests to the Chat API proper (spaces.*) since the last resetLog. */
export async function apiCalls(chat: ChatTestEnv): Promise<LoggedRequest[]> {
  return (await chat.emulator.control.requests()).filter((r) => r.rpc?.startsWith("spaces."));
}

/** Runs an operation that must fail; returns everything the CLI said (stdout, stderr, message). */
export async function failureText(op: Promise<unknown>): Promise<string> {
  try {
    await op;
  } catch (e) {
    const err = e as { message?: string; stdout?: string; stderr?: string };
    return [err.message, err.stdout, err.stderr].filter(Boolean).join("\n");
  }
  throw new Error("expected the operation to fail, and it succeeded");
}

/** A JavaScript stack frame as Node prints it: what users must never see from this provider. */
export const STACK_FRAME = /^\s+at .+\(?.+:\d+:\d+\)?$/m;
