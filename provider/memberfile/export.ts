import { DEFAULT_MEMBER_FILE_MODE } from "../core/defaults";
import { isValidEmail, memberResourceName, parseMember } from "../core/member";
import { roleRank } from "../core/roles";
import { parseSpace } from "../core/space";
import type {
  DesiredMember,
  LiveMembership,
  Member,
  Role,
  SpaceMembersMode,
  UserMember,
} from "../core/types";
import { formatMemberFile, type MemberFileContent } from "./format";
import {
  PERMISSION_KEYS,
  PERMISSION_WHO,
  type LiveSpaceSettings,
  type Permissions,
  type PermissionWho,
  type SpaceSettings,
} from "../core/space-settings";

// The live member list of a space → a member file that, loaded and applied, changes nothing.
// Pure: the CLI does the listing and the writing.
//
// Users are written by the email the API gives (revision 20261107, user authentication, members
// of the space); a user without one (an older revision, app authentication, or an email this
// project's grammar refuses) is written as the numeric id with a comment saying why. External
// and guest accounts are marked in a comment. The calling app's membership (a BOT whose canonical
// name the caller found through spaces/X/members/app) becomes `app: true`; any other Chat app
// cannot be declared in a member file, so it goes on the ignore list, which keeps an
// authoritative apply from removing it.

/** A membership as listed (with email, display name and affiliation when the API sends them). */
export type ExportedMembership = LiveMembership;

/** The comment on a user written by numeric id because the API gave no email. */
export const NO_EMAIL_NOTE =
  "no email from the API (older API revision or not visible to the caller); numeric id";

export interface ExportOptions {
  readonly mode?: SpaceMembersMode;
  /** The export listed with admin access: the file applies with admin access too. */
  readonly useAdminAccess?: boolean;
  /** Canonical users/{id} of the calling app, when its membership was found in the space. */
  readonly appMemberName?: string;
  /** When the list was read (header comment). */
  readonly exportedAt: Date;
  /** Where it was read from, e.g. "chat.googleapis.com" or "emulator 127.0.0.1:8085". */
  readonly source: string;
  /** yaml-language-server modeline target (path or URL of member-file.schema.json). */
  readonly schemaPath?: string;
  /** The space's settings (spaces.get): written as the file's `space:` block. */
  readonly settings?: SpaceSettings;
}

export interface ExportSummary {
  readonly users: number;
  readonly invited: number;
  /** Users written by numeric id: the API gave no (usable) email for them. */
  readonly withoutEmail: number;
  /** Affiliation EXTERNAL: another organisation's or a consumer account. */
  readonly external: number;
  /** Affiliation MANAGED_EXTERNAL: a guest account the owning organisation manages. */
  readonly guests: number;
  readonly groups: number;
  readonly app: boolean;
  /** Other Chat apps, put on the ignore list. */
  readonly otherApps: readonly string[];
}

export interface ExportedDocument {
  readonly content: MemberFileContent;
  readonly text: string;
  readonly summary: ExportSummary;
}

interface Row {
  readonly desired: DesiredMember;
  readonly note: string | undefined;
  /** Sort key: users by role (owners first), emails before ids; then groups, then the app. */
  readonly order: readonly [number, number, string];
}

function userRole(l: LiveMembership): Role {
  // Only groups carry MEMBERSHIP_ROLE_UNSPECIFIED; a user without a role is a plain member.
  return l.role === "MEMBERSHIP_ROLE_UNSPECIFIED" ? "ROLE_MEMBER" : l.role;
}

const AFFILIATION_NOTE = { EXTERNAL: "external", MANAGED_EXTERNAL: "guest" } as const;

function noteFor(l: ExportedMembership, why?: string): string | undefined {
  const parts: string[] = [];
  if (l.displayName) parts.push(l.displayName);
  if (l.affiliation === "EXTERNAL" || l.affiliation === "MANAGED_EXTERNAL")
    parts.push(AFFILIATION_NOTE[l.affiliation]);
  if (l.state === "INVITED") parts.push("invited, has not joined yet");
  if (why) parts.push(why);
  return parts.length > 0 ? parts.join(" — ") : undefined;
}

/**
 * The member a user is written as: the email when the API gave a usable one not already taken
 * by another row, else the numeric id with the reason.
 */
function userMember(
  l: ExportedMembership,
  taken: ReadonlySet<string>,
): { member: UserMember; why?: string } {
  const id = parseMember(l.memberName, `${l.name}.member`) as UserMember;
  if (!l.email) return { member: id, why: NO_EMAIL_NOTE };
  if (!isValidEmail(l.email))
    return { member: id, why: `numeric id: the API's email ${l.email} is not a valid address` };
  if (taken.has(l.email))
    return { member: id, why: `numeric id: the API gave ${l.email} for another member too` };
  return { member: { kind: "user", ref: l.email } };
}

function compareRows(a: Row, b: Row): number {
  return (
    a.order[0] - b.order[0] ||
    a.order[1] - b.order[1] ||
    (a.order[2] < b.order[2] ? -1 : a.order[2] > b.order[2] ? 1 : 0)
  );
}

function header(space: string, opts: ExportOptions, summary: ExportSummary): string[] {
  const lines = [
    `Members of ${space}, exported by chat-members from ${opts.source} at ${opts.exportedAt.toISOString()}.`,
  ];
  if (summary.withoutEmail > 0) {
    lines.push(
      `${summary.withoutEmail} user(s) came without an email (older API revision or not visible to the caller) and are written as users/{id}: you may replace an id with the person's email.`,
    );
  }
  if (opts.settings)
    lines.push(
      "space: the space's settings as they are (name: the space); applying this file keeps them, editing them changes the space.",
    );
  lines.push("roles: member (ROLE_MEMBER), manager (ROLE_ASSISTANT_MANAGER), owner (ROLE_MANAGER)");
  if (summary.external + summary.guests > 0) {
    lines.push(
      "external: another organisation's or a consumer account (EXTERNAL); guest: an account the organisation manages for an outsider (MANAGED_EXTERNAL).",
    );
  }
  lines.push(
    (opts.mode ?? DEFAULT_MEMBER_FILE_MODE) === "authoritative"
      ? "mode authoritative: applying this file removes anyone not listed (at most maxRemovals, default 5)."
      : "mode additive: applying this file only adds and re-roles; nobody is removed.",
  );
  if (summary.otherApps.length > 0) {
    lines.push(
      "ignore: other Chat apps in the space; a member file can only declare the calling app.",
    );
  }
  if (opts.useAdminAccess) {
    lines.push("Listed with admin access: Chat apps are not visible, and are left alone.");
  }
  return lines;
}

/**
 * Builds the member file of `space` from its live memberships (listed with showInvited and
 * showGroups). NOT_A_MEMBER entries are left out, as the planner does.
 */
export function exportDocument(
  space: string,
  live: readonly ExportedMembership[],
  opts: ExportOptions,
): ExportedDocument {
  const { content, summary, rows } = exportRows(space, live, opts);
  const memberNotes = new Map<string, string>();
  for (const r of rows) if (r.note) memberNotes.set(memberResourceName(r.desired.member), r.note);
  const text = formatMemberFile(content, {
    comments: { header: header(content.space, opts, summary), memberNotes },
    ...(opts.schemaPath ? { schemaPath: opts.schemaPath } : {}),
  });
  return { content, text, summary };
}

/** Who a live member list declares (what a member file would hold), without writing the file. */
export function exportContent(
  space: string,
  live: readonly ExportedMembership[],
  opts: Pick<ExportOptions, "mode" | "useAdminAccess" | "appMemberName" | "settings">,
): MemberFileContent {
  return exportRows(space, live, opts).content;
}

function exportRows(
  space: string,
  live: readonly ExportedMembership[],
  opts: Pick<ExportOptions, "mode" | "useAdminAccess" | "appMemberName" | "settings">,
): { content: MemberFileContent; summary: ExportSummary; rows: Row[] } {
  const spaceName = parseSpace(space);
  const rows: Row[] = [];
  const otherApps: string[] = [];
  const count = { users: 0, invited: 0, withoutEmail: 0, external: 0, guests: 0, groups: 0 };
  let app = false;
  const seen = new Set<string>();
  const emails = new Set<string>();
  for (const l of live) {
    if (l.state === "NOT_A_MEMBER" || seen.has(l.memberName)) continue;
    seen.add(l.memberName);
    if (l.memberType === "BOT") {
      if (l.memberName === opts.appMemberName && !opts.useAdminAccess) {
        app = true;
        rows.push({
          desired: { member: { kind: "app" }, role: "ROLE_MEMBER" },
          note: noteFor(l),
          order: [2, 0, ""],
        });
      } else otherApps.push(l.memberName);
      continue;
    }
    if (l.state === "INVITED") count.invited++;
    if (l.affiliation === "EXTERNAL") count.external++;
    if (l.affiliation === "MANAGED_EXTERNAL") count.guests++;
    const parsed = parseMember(l.memberName, `${l.name}.member`);
    if (parsed.kind === "group") {
      count.groups++;
      rows.push({ desired: { member: parsed }, note: noteFor(l), order: [1, 0, parsed.id] });
    } else if (parsed.kind === "user") {
      count.users++;
      const { member, why } = userMember(l, emails);
      if (why) count.withoutEmail++;
      else emails.add(member.ref);
      const role = userRole(l);
      rows.push({
        desired: { member, role },
        note: noteFor(l, why),
        // Emails sort before ids ("~" after every email character), ids by number.
        order: [0, -roleRank(role), why ? `~${member.ref.padStart(64, "0")}` : member.ref],
      });
    }
  }
  rows.sort(compareRows);
  otherApps.sort();
  const summary: ExportSummary = { ...count, app, otherApps };
  const ignore: Member[] = otherApps.map((n) => parseMember(n, "ignore"));
  const content: MemberFileContent = {
    space: spaceName,
    ...(opts.settings ? { spaceSettings: opts.settings } : {}),
    mode: opts.mode ?? DEFAULT_MEMBER_FILE_MODE,
    members: rows.map((r) => r.desired),
    ignore,
    ...(opts.useAdminAccess ? { useAdminAccess: true } : {}),
  };
  return { content, summary, rows };
}

/** One line for the terminal: what the export holds. */
export function describeExport(space: string, s: ExportSummary): string {
  const notes = [
    s.invited > 0 ? `${s.invited} invited` : "",
    s.external > 0 ? `${s.external} external` : "",
    s.guests > 0 ? `${s.guests} guest${s.guests === 1 ? "" : "s"}` : "",
    s.withoutEmail > 0 ? `${s.withoutEmail} without email, written as users/{id}` : "",
  ].filter(Boolean);
  const parts = [`${s.users} user${s.users === 1 ? "" : "s"}`];
  if (notes.length > 0) parts[0] += ` (${notes.join(", ")})`;
  parts.push(`${s.groups} group${s.groups === 1 ? "" : "s"}`);
  if (s.app) parts.push("the app");
  if (s.otherApps.length > 0) parts.push(`${s.otherApps.length} other app(s) ignored`);
  return `${space}: ${parts.join(", ")}`;
}

/**
 * A space's live settings (spaces.get) → the settings a member file declares so that applying it
 * changes nothing: every setting the API gave, an empty description or guidelines left out, and a
 * permission the Chat UI's menus cannot express (set by another tool) left unmanaged.
 */
export function exportedSettings(live: LiveSpaceSettings): SpaceSettings {
  const permissions: Record<string, PermissionWho> = {};
  for (const k of PERMISSION_KEYS) {
    const who = live.permissions?.[k];
    if ((PERMISSION_WHO as readonly (string | undefined)[]).includes(who))
      permissions[k] = who as PermissionWho;
  }
  return {
    displayName: live.displayName,
    ...(live.description ? { description: live.description } : {}),
    ...(live.guidelines ? { guidelines: live.guidelines } : {}),
    externalUserAllowed: live.externalUserAllowed,
    history: live.history,
    audience: live.audience,
    ...(live.preset ? { preset: live.preset } : {}),
    ...(Object.keys(permissions).length ? { permissions: permissions as Permissions } : {}),
  };
}
