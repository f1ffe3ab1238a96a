// Spaces → the JSON file `pulumi import --file` reads: one googlechat:index:ChatSpaceMembers per
// space, its import id the space name. Pure: no file system, no API call.
//
// Names. A member file keeps its resource name (the file name without its extension, what
// loadMemberDirectory gives a program) as the logical name: the imported resource gets the URN of
// a program that names each ChatSpaceMembers after its file. Where that name is not plain
// (letters, digits, `_`, `-`, `.`; first a letter, digit or `_`), `name`, which Pulumi uses only
// for the generated code, is made plain (see plainName) and `logicalName` keeps the file's name.
// A space given directly is named by its id (spaces/AAAAxyz → AAAAxyz, the name a later
// `chat-members export spaces/AAAAxyz -o dir/AAAAxyz.yaml` gives it). A made-up name already taken
// gets -2, -3, …; a file's own name never changes (its URN would).

import { TYPES } from "../core/tokens";

export const SPACE_MEMBERS_TYPE = TYPES.spaceMembers;
export const SPACE_TYPE = TYPES.space;

export interface ImportSource {
  /** The canonical space name, spaces/{id}. */
  readonly space: string;
  /** Where the space came from, for messages: the member file, or the command-line argument. */
  readonly origin: string;
  /** A member file's resource name (its file name without extension); absent for a bare space. */
  readonly fileName?: string;
  /** The member file declares the space (`space: {…}` with its `name`): its settings are imported too. */
  readonly declaresSpace?: boolean;
}

/** One entry of the import file (Pulumi's bulk import format; the fields this command sets). */
export interface ImportSpec {
  readonly type: string;
  readonly name: string;
  readonly id: string;
  readonly logicalName?: string;
}

export interface ImportFile {
  readonly resources: readonly ImportSpec[];
}

export type ImportFileResult =
  | { readonly ok: true; readonly file: ImportFile }
  | { readonly ok: false; readonly problems: readonly string[] };

const PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * `name` made plain: accents dropped (é → e), every run of other characters one `-`, no `-` or `.`
 * at either end; "" when nothing is left.
 */
export function plainName(name: string): string {
  if (PLAIN.test(name)) return name;
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^A-Za-z0-9_.-]+/g, "-")
    .replace(/^[.-]+|[.-]+$/g, "")
    .replace(/-{2,}/g, "-");
}

const spaceIdOf = (space: string) => space.slice(space.indexOf("/") + 1);

/** The first candidate that is still something once made plain. */
const madeUp = (...candidates: string[]) =>
  candidates.map(plainName).find((n) => n !== "") ?? "space";

function describe(s: ImportSource): string {
  return s.fileName === undefined ? `the argument ${s.origin}` : s.origin;
}

/** The import file for `sources`, in their order, or every problem (a space or a name twice). */
export function importFileOf(sources: readonly ImportSource[]): ImportFileResult {
  const problems: string[] = [];
  const bySpace = new Map<string, ImportSource>();
  const byFileName = new Map<string, ImportSource>();
  for (const s of sources) {
    const earlier = bySpace.get(s.space);
    if (earlier !== undefined) {
      problems.push(
        `${s.space} is named by both ${describe(earlier)} and ${describe(s)}; an import file holds each space once: keep one`,
      );
    } else bySpace.set(s.space, s);
    if (s.fileName === undefined) continue;
    const same = byFileName.get(s.fileName);
    if (same !== undefined) {
      problems.push(
        `${same.origin} and ${s.origin} both give the resource name "${s.fileName}"; rename one of the files`,
      );
    } else byFileName.set(s.fileName, s);
  }
  if (problems.length > 0) return { ok: false, problems };

  // Files' own names first: a made-up name must not take one of them.
  const taken = new Set(byFileName.keys());
  const unique = (base: string) => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    return name;
  };
  const members = (s: ImportSource): ImportSpec => {
    const id = s.space;
    if (s.fileName === undefined) {
      return { type: SPACE_MEMBERS_TYPE, name: unique(madeUp(spaceIdOf(id))), id };
    }
    if (PLAIN.test(s.fileName)) return { type: SPACE_MEMBERS_TYPE, name: s.fileName, id };
    const name = unique(madeUp(s.fileName, spaceIdOf(id)));
    return { type: SPACE_MEMBERS_TYPE, name, id, logicalName: s.fileName };
  };
  // The ChatSpace a file declares: the file's name as its logical name (the URN a program that
  // names it after the file gives it, beside the ChatSpaceMembers of the same name), and a name of
  // its own for the generated code, where the two resources cannot share one.
  const space = (s: ImportSource, m: ImportSpec): ImportSpec => ({
    type: SPACE_TYPE,
    name: unique(`${m.name}-space`),
    id: s.space,
    logicalName: m.logicalName ?? m.name,
  });
  const resources = sources.flatMap((s): ImportSpec[] => {
    const m = members(s);
    return s.declaresSpace ? [space(s, m), m] : [m];
  });
  return { ok: true, file: { resources } };
}

/** The file's text: two-space JSON and a final newline. */
export function importFileText(file: ImportFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
