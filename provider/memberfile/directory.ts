import { readdirSync, readFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { ChatMembersError, type MemberFileIssue } from "../core/errors";
import { memberFileError, readMemberFile, type MemberFileArgs } from "./parse";
import type { DeclaredSpace } from "./space-block";
import { positionOf } from "./positions";

// A directory of member files (GitOps: one file per space) → one entry per file, or one error
// that lists every problem of every file, so CI shows them all in one run.

export interface MemberFileEntry {
  readonly file: string;
  /** The file name without its extension: the resource name in a Pulumi program. */
  readonly name: string;
  /** `space` is undefined for a space the file declares and the next `up` makes. */
  readonly args: MemberFileArgs;
  /** The space the file declares (`space: {…}`): a ChatSpace of the same name makes or keeps it. */
  readonly space?: DeclaredSpace;
}

export interface DirectoryOptions {
  /** An empty directory is an error unless this is true (an empty program would delete state). */
  readonly allowEmpty?: boolean;
}

const MEMBER_FILE = /\.ya?ml$/i;

/** The member files of `dir`: `*.yaml` and `*.yml`, not hidden, not recursive, sorted by name. */
export function memberFilesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => (d.isFile() || d.isSymbolicLink()) && MEMBER_FILE.test(d.name))
    .filter((d) => !d.name.startsWith("."))
    .map((d) => d.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((n) => join(dir, n));
}

export function resourceNameOf(file: string): string {
  return basename(file, extname(file));
}

function where(text: string | undefined, path: readonly string[]) {
  if (text === undefined) return { line: 1, col: 1 };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return positionOf(doc, lines, path);
}

/**
 * Problems that span files: two files for one space (they would fight) and two files that give
 * the same resource name (a.yaml and a.yml). `texts` is used only to locate the `space:` line.
 */
export function crossFileIssues(
  entries: readonly MemberFileEntry[],
  texts: ReadonlyMap<string, string> = new Map(),
): MemberFileIssue[] {
  const issues: MemberFileIssue[] = [];
  const bySpace = new Map<string, string>();
  const byName = new Map<string, string>();
  const byDisplayName = new Map<string, string>();
  for (const e of entries) {
    const space = e.args.space;
    const earlier = space === undefined ? undefined : bySpace.get(space);
    if (earlier !== undefined) {
      const path = e.space ? ["space", "name"] : ["space"];
      issues.push({
        file: e.file,
        ...where(texts.get(e.file), path),
        path,
        code: "MEMBER_FILE",
        message: `${path.join(".")}: ${space} is also declared in ${earlier}; fix: keep one file per space (merge ${e.file} into ${earlier})`,
      });
    } else if (space !== undefined) bySpace.set(space, e.file);
    // Chat refuses a second space of the same name (ALREADY_EXISTS): caught before any call.
    const shown = e.space?.settings.displayName;
    const named = shown === undefined ? undefined : byDisplayName.get(shown);
    if (named !== undefined) {
      issues.push({
        file: e.file,
        ...where(texts.get(e.file), ["space", "displayName"]),
        path: ["space", "displayName"],
        code: "MEMBER_FILE",
        message: `space.displayName: "${shown}" is also declared in ${named}, and Chat gives a name to one space only; fix: rename one, or merge ${e.file} into ${named}`,
      });
    } else if (shown !== undefined) byDisplayName.set(shown, e.file);
    const sameName = byName.get(e.name);
    if (sameName !== undefined) {
      issues.push({
        file: e.file,
        line: 1,
        col: 1,
        path: [],
        code: "MEMBER_FILE",
        message: `(file): gives the resource name "${e.name}", as ${sameName} does; fix: rename one of the files`,
      });
    } else byName.set(e.name, e.file);
  }
  return issues;
}

/** Every problem of a failed load, located; a file that cannot be read is one issue. */
function issuesOf(file: string, e: unknown): MemberFileIssue[] {
  if (e instanceof ChatMembersError && e.issues.length > 0) return [...e.issues];
  const reason =
    e instanceof ChatMembersError
      ? e.message
      : `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  return [{ file, line: 1, col: 1, path: [], code: "MEMBER_FILE", message: `(file): ${reason}` }];
}

/** The aggregated error: the first line counts, then one `file:line:col: message` per problem. */
export function memberFilesError(
  label: string,
  issues: readonly MemberFileIssue[],
): ChatMembersError {
  const files = new Set(issues.map((i) => i.file)).size;
  return memberFileError(label, issues, `${files} member file${files === 1 ? "" : "s"}`);
}

/**
 * Loads the given member files. Returns every entry, or throws one MEMBER_FILE error whose
 * `issues` hold every problem of every file (syntax, schema, semantics, and spaces declared twice).
 */
export function loadMemberFiles(
  files: readonly string[],
  label = "member files",
): MemberFileEntry[] {
  const entries: MemberFileEntry[] = [];
  const issues: MemberFileIssue[] = [];
  const texts = new Map<string, string>();
  for (const file of files) {
    try {
      const text = readFileSync(file, "utf8");
      texts.set(file, text);
      entries.push({ file, name: resourceNameOf(file), ...readMemberFile(text, file) });
    } catch (e) {
      issues.push(...issuesOf(file, e));
    }
  }
  issues.push(...crossFileIssues(entries, texts));
  if (issues.length > 0) throw memberFilesError(label, issues);
  return entries;
}

/** Loads every member file of `dir` (see memberFilesIn), with all errors aggregated. */
export function loadMemberDirectory(dir: string, opts: DirectoryOptions = {}): MemberFileEntry[] {
  let files: string[];
  try {
    files = memberFilesIn(dir);
  } catch (e) {
    throw memberFilesError(dir, issuesOf(dir, e));
  }
  if (files.length === 0 && !opts.allowEmpty) {
    throw memberFilesError(dir, [
      {
        file: dir,
        line: 1,
        col: 1,
        path: [],
        code: "MEMBER_FILE",
        message:
          "(directory): holds no *.yaml or *.yml member file; fix: add one per space, e.g. with `chat-members export spaces/AAAA… -o <dir>/team.yaml`",
      },
    ]);
  }
  return loadMemberFiles(files, dir);
}
