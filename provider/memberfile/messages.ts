import type { ErrorObject } from "ajv";
import type { ChatMembersErrorCode } from "../core/errors";
import { showValue } from "../core/errors";
import { ACCEPTED_ROLE_NAMES } from "../core/roles";
import type { DocPath } from "./positions";
import { SPACE_BLOCK_KEYS } from "./space-block";

// Turns JSON Schema errors into the project's one-line messages: property, value, fix.

export interface RawIssue {
  readonly path: DocPath;
  /** Point at the key rather than the value (unknown keys). */
  readonly atKey: boolean;
  readonly code: ChatMembersErrorCode;
  readonly message: string;
}

const ENTRY_KEYS: Record<string, readonly string[]> = {
  user: ["user", "role"],
  group: ["group"],
  app: ["app", "role"],
};
const TOP_KEYS = [
  "space",
  "mode",
  "maxRemovals",
  "useAdminAccess",
  "removeOnDestroy",
  "allowExternal",
  "domains",
  "staleInvites",
  "staleInviteDays",
  "members",
  "ignore",
];

export function pathName(path: DocPath): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out || "(file)";
}

function pointer(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
}

function valueAt(data: unknown, path: DocPath): unknown {
  let v = data;
  for (const k of path) v = (v as Record<string | number, unknown> | undefined)?.[k];
  return v;
}

function isEntry(path: DocPath): boolean {
  return path.length === 2 && path[0] === "members" && typeof path[1] === "number";
}

function entryKind(entry: unknown): "user" | "group" | "app" {
  const e = (entry ?? {}) as Record<string, unknown>;
  return "group" in e ? "group" : "app" in e ? "app" : "user";
}

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  integer: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of keys to values",
};

function issue(
  path: DocPath,
  code: ChatMembersErrorCode,
  value: unknown,
  reason: string,
  fix: string,
  atKey = false,
): RawIssue {
  return {
    path,
    atKey,
    code,
    message: `${pathName(path)}: ${reason} (got ${showValue(value)}); fix: ${fix}`,
  };
}

export function schemaIssue(e: ErrorObject, data: unknown): RawIssue {
  const at = pointer(e.instancePath);
  const value = valueAt(data, at);
  switch (e.keyword) {
    case "additionalProperties": {
      const prop = String(e.params.additionalProperty);
      const path = [...at, prop];
      const got = valueAt(data, path);
      if (isEntry(at)) {
        const kind = entryKind(value);
        if (kind === "group" && prop === "role") {
          return issue(
            path,
            "ROLE_NOT_ALLOWED",
            got,
            "a group has no role (Chat gives groups MEMBERSHIP_ROLE_UNSPECIFIED)",
            "remove role from the group entry",
            true,
          );
        }
        if (prop === "user" || prop === "group" || prop === "app") {
          return issue(
            path,
            "INVALID_VALUE",
            got,
            `an entry names one member, but this one has both ${kind} and ${prop}`,
            "split it into two entries",
            true,
          );
        }
        return issue(
          path,
          "UNKNOWN_PROPERTY",
          got,
          "is not a known key",
          `remove it; a ${kind} entry has ${ENTRY_KEYS[kind]!.join(", ")}`,
          true,
        );
      }
      const known = at.length === 1 && at[0] === "space" ? SPACE_BLOCK_KEYS : TOP_KEYS;
      return issue(
        path,
        "UNKNOWN_PROPERTY",
        got,
        "is not a known key",
        `remove it or fix its spelling; known keys: ${known.join(", ")}`,
        true,
      );
    }
    case "required": {
      const missing = String(e.params.missingProperty);
      if (isEntry(at)) {
        return issue(
          at,
          "MISSING_PROPERTY",
          value,
          "names no member",
          "write user: <email or id>, group: <id> or app: true (or just the email as a string)",
        );
      }
      const fix =
        at[0] === "space"
          ? `add ${missing}: <text> (the space's name as the Chat UI shows it)`
          : missing === "space"
            ? 'add space: "spaces/AAAA…" (from the space URL)'
            : "add members: [] listing the members";
      return issue([...at, missing], "MISSING_PROPERTY", undefined, "is required", fix);
    }
    case "enum": {
      const last = at[at.length - 1];
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      if (
        last === "role" &&
        isEntry(at.slice(0, -1)) &&
        entryKind(valueAt(data, at.slice(0, -1))) === "app"
      ) {
        return issue(
          at,
          "ROLE_NOT_ALLOWED",
          value,
          "the app (users/app) can only be a member",
          "remove role or set role: member",
        );
      }
      if (last === "role") {
        return issue(
          at,
          "INVALID_ROLE",
          value,
          "is not a role",
          `use one of ${ACCEPTED_ROLE_NAMES.join(", ")} (owner = ROLE_MANAGER, manager = ROLE_ASSISTANT_MANAGER)`,
        );
      }
      return issue(
        at,
        "INVALID_VALUE",
        value,
        "is not an accepted value",
        `use one of ${allowed.join(", ")}`,
      );
    }
    case "const":
      return issue(
        at,
        "INVALID_VALUE",
        value,
        "must be true",
        "write app: true, or remove the entry to leave the app out",
      );
    case "type": {
      const types = ([] as string[]).concat(e.params.type as string | string[]);
      const words = types.map((t) => TYPE_WORDS[t] ?? t).join(" or ");
      const hint = isEntry(at)
        ? "an email string or an entry like { user: alice@example.com, role: member }"
        : `write ${words}`;
      return issue(at, "INVALID_VALUE", value, `must be ${words}`, hint);
    }
    case "minimum":
      return issue(
        at,
        "INVALID_VALUE",
        value,
        `must be at least ${String(e.params.limit)}`,
        "use a whole number, 0 or more",
      );
    case "maxLength":
      return issue(
        at,
        "INVALID_VALUE",
        `${String(value).length} characters`,
        `is longer than the API's ${String(e.params.limit)} characters`,
        "shorten it",
      );
    case "minLength":
      return issue(at, "INVALID_VALUE", value, "must not be empty", "fill it in or remove it");
    default:
      return issue(
        at,
        "INVALID_VALUE",
        value,
        e.message ?? "is invalid",
        "see schema/member-file.schema.json",
      );
  }
}
