import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { DEFAULT_MEMBER_FILE_MODE } from "../core/defaults";
import { ChatMembersError, type MemberFileIssue } from "../core/errors";
import { memberResourceName, parseMember } from "../core/member";
import type { ValidationFailure } from "../core/validate/collector";
import type { NormalizedSpaceMembersArgs } from "../core/validate/normalized";
import { SPACE_MEMBERS_SETTINGS, validateSpaceMembersArgs } from "../core/validate/space-members";
import { pathName, schemaIssue, type RawIssue } from "./messages";
import { positionOf, type DocPath } from "./positions";
import { schemaErrors } from "./schema";
import { declaredSpace, type DeclaredSpace } from "./space-block";

// Member file (one YAML file per space) → ChatSpaceMembers arguments. Every problem is reported
// at once with file, line and column: YAML syntax, then the JSON Schema (structure, unknown keys,
// enums), then the core's semantic checks (emails, ids, duplicates, per-kind role rules).
//
// Format decisions: `mode` defaults to authoritative; a member entry may be a plain string
// (any member reference: "alice@example.com", "users/123", "groups/abc", "users/app"), which
// means the default role (member; groups have none); unquoted numeric ids are read from their
// source text, so long ids keep every digit.

/** A member file's arguments: `space` is undefined for a space the file declares and the next `up` makes. */
export type MemberFileArgs = Omit<NormalizedSpaceMembersArgs, "space"> & {
  readonly space: string | undefined;
};

/** A member file read: its members' arguments, and the space it declares (`space: {…}`), if so. */
export interface ParsedMemberFile {
  readonly args: MemberFileArgs;
  readonly space?: DeclaredSpace;
}

/** Stands in for a declared space's name while the members are validated. */
const NEW_SPACE = "spaces/new";

/** Entries keyed by the member kind they declare. */
const MEMBER_KEYS = ["user", "group", "app"] as const;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Numbers where a member reference is expected become their exact source text. */
function numbersToText(doc: Document) {
  const fix = (node: unknown) => {
    if (isScalar(node) && typeof node.value === "number")
      node.value = node.source ?? String(node.value);
  };
  const root = doc.contents;
  if (!isMap(root)) return;
  fix(root.get("space", true));
  const members = root.get("members", true);
  if (isSeq(members)) {
    for (const item of members.items) {
      fix(item);
      if (isMap(item))
        for (const pair of item.items)
          if (
            isPair(pair) &&
            isScalar(pair.key) &&
            (pair.key.value === "user" || pair.key.value === "group")
          )
            fix(pair.value);
    }
  }
  const ignore = root.get("ignore", true);
  if (isSeq(ignore)) ignore.items.forEach(fix);
}

interface Converted {
  readonly input: Record<string, unknown>;
  /** For each entry of input.members, the key holding its member in the file ("" for a string). */
  readonly memberKey: readonly string[];
  readonly issues: RawIssue[];
}

/** File shape → the untyped ChatSpaceMembers input the core validates. */
function toSpaceMembersInput(data: Record<string, unknown>): Converted {
  const issues: RawIssue[] = [];
  const memberKey: string[] = [];
  const rawMembers = data.members;
  const members = Array.isArray(rawMembers)
    ? rawMembers.map((entry, i) => {
        if (!isPlainObject(entry)) {
          memberKey.push("");
          return { member: entry };
        }
        const key = MEMBER_KEYS.find((k) => k in entry) ?? "user";
        memberKey.push(key);
        const value = entry[key];
        if (key === "app") return { member: "users/app", role: entry.role };
        if (key === "group") {
          const ref =
            typeof value === "string" && !value.startsWith("groups/") ? `groups/${value}` : value;
          return { member: ref };
        }
        kindMismatch(value, i, issues);
        return { member: value, role: entry.role };
      })
    : rawMembers;
  const input: Record<string, unknown> = {
    space: isPlainObject(data.space) ? NEW_SPACE : data.space,
    members,
    mode: data.mode ?? DEFAULT_MEMBER_FILE_MODE,
  };
  for (const k of SPACE_MEMBERS_SETTINGS) {
    if (k !== "mode" && k in data) input[k] = data[k];
  }
  return { input, memberKey, issues };
}

/** `user:` must name a user; groups and the app have their own keys. */
function kindMismatch(value: unknown, i: number, issues: RawIssue[]) {
  let kind: string;
  try {
    kind = parseMember(value).kind;
  } catch {
    return; // the core reports the bad reference itself
  }
  if (kind === "user") return;
  const m = parseMember(value);
  const fix =
    m.kind === "group"
      ? `write group: ${memberResourceName(m).slice("groups/".length)}`
      : "write app: true";
  issues.push({
    path: ["members", i, "user"],
    atKey: false,
    code: "INVALID_MEMBER",
    message: `${pathName(["members", i, "user"])}: names ${memberResourceName(m)}, which is not a user (got ${JSON.stringify(value)}); fix: ${fix}`,
  });
}

/** Core failure path (members[i].member) → file path (members[i].user / the string item). */
function fileIssue(f: ValidationFailure, memberKey: readonly string[]): RawIssue {
  let path: DocPath = f.path;
  if (path[0] === "members" && typeof path[1] === "number" && path.length === 3) {
    const key = memberKey[path[1]] ?? "";
    path = key === "" ? path.slice(0, 2) : path[2] === "member" ? ["members", path[1], key] : path;
  }
  const prefix = `${f.property}: `;
  const rest = f.reason.startsWith(prefix) ? f.reason.slice(prefix.length) : f.reason;
  return { path, atKey: false, code: f.code, message: `${pathName(path)}: ${rest}` };
}

function overlaps(a: DocPath, b: DocPath): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function fail(fileName: string, issues: readonly MemberFileIssue[]): never {
  throw memberFileError(fileName, issues, "the member file");
}

/** One MEMBER_FILE error: a summary line, then `file:line:col: message` per problem. */
export function memberFileError(
  label: string,
  issues: readonly MemberFileIssue[],
  where: string,
): ChatMembersError {
  const head = `${label}: ${issues.length} problem${issues.length === 1 ? "" : "s"} in ${where}`;
  return new ChatMembersError(
    {
      code: "MEMBER_FILE",
      field: label,
      value: `${issues.length} problems`,
      reason: where === "the member file" ? "invalid member file" : "invalid member files",
      fix: "correct the lines listed",
      issues,
    },
    [head, ...issues.map((i) => `${i.file}:${i.line}:${i.col}: ${i.message}`)].join("\n"),
  );
}

/**
 * Parses member-file text naming an existing space (`space: spaces/AAAA…`, or a `space:` mapping
 * with its `name`). Returns normalised ChatSpaceMembers arguments or throws a ChatMembersError
 * (code MEMBER_FILE) whose `issues` hold every problem with its position.
 */
export function parseMemberFile(text: string, fileName: string): NormalizedSpaceMembersArgs {
  const { args } = readMemberFile(text, fileName);
  if (args.space !== undefined) return { ...args, space: args.space };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return fail(fileName, [
    {
      file: fileName,
      ...positionOf(doc, lines, ["space"], true),
      path: ["space"],
      code: "MEMBER_FILE",
      message:
        "space: declares a new space, which has no name until it is made; fix: load the file with loadMemberDirectory or readMemberFile (a ChatSpace and its ChatSpaceMembers), or add name: spaces/AAAA… once it exists",
    },
  ]);
}

/**
 * Parses member-file text: a file naming its space, or one declaring the space it wants
 * (`space: { displayName: …, … }`). Throws a MEMBER_FILE ChatMembersError with every problem.
 */
export function readMemberFile(text: string, fileName: string): ParsedMemberFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    fail(
      fileName,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        const first = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
        const message = `YAML syntax: ${first}`;
        return {
          file: fileName,
          line: pos.line,
          col: pos.col,
          path: [],
          code: "MEMBER_FILE",
          message,
        };
      }),
    );
  }
  numbersToText(doc);
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) {
    const message = `(file): is empty; fix: write at least space: "spaces/AAAA…" and members: []`;
    fail(fileName, [
      { file: fileName, line: 1, col: 1, path: [], code: "MISSING_PROPERTY", message },
    ]);
  }

  const seen = new Set<string>();
  const schema = schemaErrors(data)
    .map((e) => schemaIssue(e, data))
    .filter((i) => !seen.has(i.path.join("/")) && seen.add(i.path.join("/")));
  let raw: RawIssue[] = [...schema];
  let value: ParsedMemberFile | undefined;
  if (isPlainObject(data)) {
    const converted = toSpaceMembersInput(data);
    const result = validateSpaceMembersArgs(converted.input);
    const semantic = result.ok ? [] : result.failures.map((f) => fileIssue(f, converted.memberKey));
    const block = isPlainObject(data.space) ? declaredSpace(data.space) : undefined;
    const fresh = [...converted.issues, ...semantic, ...(block?.issues ?? [])].filter(
      (s) => !schema.some((e) => overlaps(e.path, s.path)),
    );
    raw = [...raw, ...fresh];
    if (result.ok && (!block || block.value)) {
      const space = block ? block.value?.name : result.value.space;
      value = { args: { ...result.value, space }, ...(block?.value ? { space: block.value } : {}) };
    }
  }
  if (raw.length > 0 || !value) {
    const issues = raw
      .map((r) => ({
        file: fileName,
        ...positionOf(doc, lines, r.path, r.atKey),
        path: r.path,
        code: r.code,
        message: r.message,
      }))
      .sort((a, b) => a.line - b.line || a.col - b.col);
    fail(fileName, issues);
  }
  return value;
}
