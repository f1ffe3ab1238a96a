import { ApiError, ConfigError } from "../api/errors";
import { ChatMembersError } from "../core/errors";

// Exit codes of chat-members, written once (the --help text and the README list them).

export const EXIT = {
  OK: 0,
  /** validate, import-file: at least one member file has problems. */
  INVALID_FILES: 1,
  /** Bad command line: unknown option, missing argument, bad space name or mode. */
  USAGE: 2,
  /** Credentials or local files: unreadable, malformed, refused by the token endpoint; -o exists. */
  CONFIG: 3,
  /** The Chat API refused or failed the call (not found, permission denied, quota, network). */
  API: 4,
  /** drift: a declared space differs from its member file (changed out of band). */
  DRIFT: 5,
  /** A bug: please report it with CHAT_MEMBERS_DEBUG=1 output. */
  INTERNAL: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_HELP = [
  "Exit codes:",
  "  0   success",
  "  1   validate or import-file found problems in a member file",
  "  2   usage: unknown option, missing argument, bad space name or mode",
  "  3   credentials or local files: unreadable, malformed, refused by the token endpoint;",
  "      the output file exists (use --force)",
  "  4   the Chat API refused or failed the call (not found, permission denied, quota, network)",
  "  5   drift found a space that differs from its member file",
  "  70  internal error (rerun with CHAT_MEMBERS_DEBUG=1 and report it)",
];

/** A failure the CLI itself detects (bad arguments, unreadable files), with its exit code. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

/** Any thrown value → its exit code. */
export function exitCodeOf(e: unknown): ExitCode {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof ConfigError) return EXIT.CONFIG;
  // The token endpoint refusing the credentials is a credentials problem, not the Chat API's.
  if (e instanceof ApiError) return e.rpc === "oauth2.token" ? EXIT.CONFIG : EXIT.API;
  if (e instanceof ChatMembersError)
    return e.code === "MEMBER_FILE" ? EXIT.INVALID_FILES : EXIT.USAGE;
  return EXIT.INTERNAL;
}

/** The one line shown for a failure (never a stack trace, never a multi-line library message). */
export function errorLine(e: unknown): string {
  const known =
    e instanceof CliError ||
    e instanceof ConfigError ||
    e instanceof ApiError ||
    e instanceof ChatMembersError;
  const text = e instanceof Error ? e.message : String(e);
  const line = text.replace(/\s*\n\s*/g, " ").trim();
  return known ? line : `internal error: ${line} (rerun with CHAT_MEMBERS_DEBUG=1 for details)`;
}
