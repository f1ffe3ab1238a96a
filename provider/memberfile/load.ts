import { readFileSync } from "node:fs";
import type { NormalizedSpaceMembersArgs } from "../core/validate/normalized";
import { parseMemberFile } from "./parse";

/** Reads and parses a member file; errors carry this path with line and column. */
export function loadMemberFile(path: string): NormalizedSpaceMembersArgs {
  return parseMemberFile(readFileSync(path, "utf8"), path);
}
