// Errors are values with a code tests and callers can match on, and a one-line message that names
// the field, the offending value and the fix.

export type ChatMembersErrorCode =
  | "INVALID_SPACE"
  | "INVALID_MEMBER"
  | "INVALID_ROLE"
  | "INVALID_VALUE"
  | "MISSING_PROPERTY"
  | "UNKNOWN_PROPERTY"
  | "ROLE_NOT_ALLOWED"
  | "ADMIN_ACCESS_NOT_ALLOWED"
  | "DUPLICATE_MEMBER"
  | "IGNORED_AND_DECLARED"
  | "TOO_MANY_REMOVALS"
  | "LAST_OWNER"
  | "CONFLICTING_RESOURCES"
  | "ALREADY_A_MEMBER"
  | "PARTIAL_APPLY"
  | "CALLER_UNKNOWN"
  | "UNRESOLVED_MEMBER"
  | "EXTERNAL_NOT_ALLOWED"
  | "MEMBER_FILE"
  | "REPLACE_NOT_ALLOWED";

/** One problem in a member file, located for editors and CI annotations (1-based line/col). */
export interface MemberFileIssue {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Path inside the document, e.g. ["members", 3, "role"]. */
  readonly path: readonly (string | number)[];
  readonly code: ChatMembersErrorCode;
  readonly message: string;
}

export interface ChatMembersErrorInit {
  readonly code: ChatMembersErrorCode;
  /** The input field at fault, e.g. `members[2].role` or `maxRemovals`. */
  readonly field: string;
  readonly value: unknown;
  /** What is wrong, without the value (the message adds it). */
  readonly reason: string;
  /** What the user should do. */
  readonly fix: string;
  /** MEMBER_FILE: every problem found in the file. */
  readonly issues?: readonly MemberFileIssue[];
  /** TOO_MANY_REMOVALS: every member the plan would remove. */
  readonly removals?: readonly string[];
}

export class ChatMembersError extends Error {
  readonly code: ChatMembersErrorCode;
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;
  readonly fix: string;
  readonly issues: readonly MemberFileIssue[];
  readonly removals: readonly string[];

  constructor(init: ChatMembersErrorInit, message?: string) {
    super(message ?? formatErrorLine(init));
    this.name = "ChatMembersError";
    this.code = init.code;
    this.field = init.field;
    this.value = init.value;
    this.reason = init.reason;
    this.fix = init.fix;
    this.issues = init.issues ?? [];
    this.removals = init.removals ?? [];
  }
}

export function isChatMembersError(e: unknown): e is ChatMembersError {
  return e instanceof ChatMembersError;
}

/** `field: reason (got "value"); fix: ...` on one line. */
export function formatErrorLine(
  e: Pick<ChatMembersErrorInit, "field" | "value" | "reason" | "fix">,
) {
  return `${e.field}: ${e.reason} (got ${showValue(e.value)}); fix: ${e.fix}`;
}

const MAX_SHOWN = 120;

/**
 * Renders a value for a one-line message: JSON-quoted, with every control, format or
 * line-breaking character escaped so a hostile value cannot forge extra output lines.
 */
export function showValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = "nothing";
  else if (typeof value === "bigint") text = `${value}`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  text = text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => {
    return `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`;
  });
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}
