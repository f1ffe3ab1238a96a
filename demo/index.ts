import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ChatSpaceMembers } from "pulumi-googlechat-members";
import { loadMemberDirectory, toResourceArgs } from "pulumi-googlechat-members/memberfile";

// GitOps in five lines: one member file per space, one ChatSpaceMembers per file, named after
// the file. Errors in any file stop the program with file:line:col for each.
const config = new pulumi.Config();
const dir = path.resolve(config.get("membersDir") ?? "spaces");

export const spaces: Record<string, pulumi.Output<unknown>> = {};
for (const { name, args } of loadMemberDirectory(dir)) {
  const members = new ChatSpaceMembers(name, toResourceArgs(args));
  spaces[name] = members.members;
}
