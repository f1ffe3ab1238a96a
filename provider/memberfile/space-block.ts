import { ChatMembersError } from "../core/errors";
import { parseSpace } from "../core/space";
import { SPACE_SETTING_KEYS, type SpaceSettings } from "../core/space-settings";
import { validateSpaceSettings } from "../core/validate/space-settings";
import { pathName, type RawIssue } from "./messages";

// A member file's `space:` mapping: the space the file wants instead of the name of one that
// exists. Its keys are ChatSpace's settings (the core model validates them), plus `name`: the
// space it became (spaces/AAAA…), which `chat-members export` writes, so the file names its
// space. Without `name` the space's id lives in the Pulumi state of the ChatSpace named after
// the file.

/** The keys a `space:` mapping may hold, in the order export writes them. */
export const SPACE_BLOCK_KEYS = ["name", ...SPACE_SETTING_KEYS] as const;

export interface DeclaredSpace {
  /** The space this block describes, once it exists; absent for a space the next `up` makes. */
  readonly name?: string;
  readonly settings: SpaceSettings;
}

/** The block → the declared space, or its problems at their paths in the file. */
export function declaredSpace(block: Record<string, unknown>): {
  readonly value?: DeclaredSpace;
  readonly issues: RawIssue[];
} {
  const issues: RawIssue[] = [];
  let name: string | undefined;
  if (block.name !== undefined && block.name !== null) {
    try {
      name = parseSpace(block.name, "space.name");
    } catch (e) {
      if (!(e instanceof ChatMembersError)) throw e;
      issues.push({ path: ["space", "name"], atKey: false, code: e.code, message: e.message });
    }
  }
  const v = validateSpaceSettings(block, ["space"], ["name"]);
  if (!v.ok) {
    for (const f of v.failures) {
      const prefix = `${f.property}: `;
      const rest = f.reason.startsWith(prefix) ? f.reason.slice(prefix.length) : f.reason;
      issues.push({
        path: f.path,
        atKey: false,
        code: f.code,
        message: `${pathName(f.path)}: ${rest}`,
      });
    }
  }
  if (issues.length > 0 || !v.ok) return { issues };
  return { value: { ...(name ? { name } : {}), settings: v.value }, issues };
}
