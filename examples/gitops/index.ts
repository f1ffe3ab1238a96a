import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ChatSpaceMembers } from "pulumi-googlechat-members";
// A separate entry point: the member-file loader (yaml, ajv) stays out of the provider runtime.
import { loadMemberDirectory, toResourceArgs } from "pulumi-googlechat-members/memberfile";

// Every member file in spaces/ becomes one ChatSpaceMembers, named after the file:
// spaces/platform-team.yaml → ChatSpaceMembers "platform-team". Renaming a file renames the
// resource (Pulumi then deletes the old one, which keeps everyone unless removeOnDestroy is set,
// and creates the new one); use an alias if you must rename.
const config = new pulumi.Config();
const dir = path.resolve(__dirname, config.get("membersDir") ?? "spaces");

let files;
try {
  files = loadMemberDirectory(dir);
} catch (e) {
  // Every problem of every file, one `file:line:col: message` per line, without a stack trace.
  throw new pulumi.RunError(e instanceof Error ? e.message : String(e));
}

const resources = files.map(
  (f) => [f.name, new ChatSpaceMembers(f.name, toResourceArgs(f.args))] as const,
);

/** Resource name → space, and the members each resource added (removed on destroy only with removeOnDestroy). */
export const spaces = Object.fromEntries(resources.map(([name, r]) => [name, r.space]));
export const added = Object.fromEntries(resources.map(([name, r]) => [name, r.added]));
