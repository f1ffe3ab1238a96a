import { DEFAULT_MEMBER_FILE_MODE } from "../core/defaults";
import { memberResourceName, parseMember } from "../core/member";
import { roleRank } from "../core/roles";
import { parseSpace } from "../core/space";
import type { DesiredMember, LiveMembership, Member, Role, SpaceMembersMode } from "../core/types";
import { formatMemberFile, type MemberFileContent } from "./format";

// The live member list of a space → a member file that, loaded and applied, changes nothing.
// Pure: the CLI does the listing and the writing.
//
// Users are written as their canonical users/{id}: the API never returns emails. The calling
// app's membership (a BOT whose canonical name the caller found through spaces/X/members/app)
// becomes `app: true`; any other Chat app cannot be declared in a member file, so it goes on the
// ignore list, which keeps an authoritative apply from removing it.

/** A membership as listed, plus the display name the API gives with app authentication. */
export type ExportedMembership = LiveMembership & { readonly displayName?: string };

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
}

export interface ExportSummary {
  readonly users: number;
  readonly invited: number;
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
  /** Sort key: users by role (owners first) then id, then groups, then the app. */
  readonly order: readonly [number, number, string];
}

function userRole(l: LiveMembership): Role {
  // Only groups carry MEMBERSHIP_ROLE_UNSPECIFIED; a user without a role is a plain member.
  return l.role === "MEMBERSHIP_ROLE_UNSPECIFIED" ? "ROLE_MEMBER" : l.role;
}

function noteFor(l: ExportedMembership): string | undefined {
  const parts: string[] = [];
  if (l.displayName) parts.push(l.displayName);
  if (l.state === "INVITED") parts.push("invited, has not joined yet");
  return parts.length > 0 ? parts.join(" — ") : undefined;
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
    "The Chat API returns user ids, not emails: you may replace users/{id} with the person's email.",
    "roles: member (ROLE_MEMBER), manager (ROLE_ASSISTANT_MANAGER), owner (ROLE_MANAGER)",
    (opts.mode ?? DEFAULT_MEMBER_FILE_MODE) === "authoritative"
      ? "mode authoritative: applying this file removes anyone not listed (at most maxRemovals, default 5)."
      : "mode additive: applying this file only adds and re-roles; nobody is removed.",
  ];
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
  const spaceName = parseSpace(space);
  const rows: Row[] = [];
  const otherApps: string[] = [];
  let users = 0;
  let invited = 0;
  let groups = 0;
  let app = false;
  const seen = new Set<string>();
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
    const member = parseMember(l.memberName, `${l.name}.member`);
    if (l.state === "INVITED") invited++;
    if (member.kind === "group") {
      groups++;
      rows.push({ desired: { member }, note: noteFor(l), order: [1, 0, member.id] });
    } else if (member.kind === "user") {
      users++;
      const role = userRole(l);
      rows.push({
        desired: { member, role },
        note: noteFor(l),
        order: [0, -roleRank(role), member.ref.padStart(64, "0")],
      });
    }
  }
  rows.sort(compareRows);
  otherApps.sort();
  const summary: ExportSummary = { users, invited, groups, app, otherApps };
  const ignore: Member[] = otherApps.map((n) => parseMember(n, "ignore"));
  const content: MemberFileContent = {
    space: spaceName,
    mode: opts.mode ?? DEFAULT_MEMBER_FILE_MODE,
    members: rows.map((r) => r.desired),
    ignore,
    ...(opts.useAdminAccess ? { useAdminAccess: true } : {}),
  };
  const memberNotes = new Map<string, string>();
  for (const r of rows) if (r.note) memberNotes.set(memberResourceName(r.desired.member), r.note);
  const text = formatMemberFile(content, {
    comments: { header: header(spaceName, opts, summary), memberNotes },
    ...(opts.schemaPath ? { schemaPath: opts.schemaPath } : {}),
  });
  return { content, text, summary };
}

/** One line for the terminal: what the export holds. */
export function describeExport(space: string, s: ExportSummary): string {
  const parts = [`${s.users} user${s.users === 1 ? "" : "s"}`];
  if (s.invited > 0) parts[0] += ` (${s.invited} invited)`;
  parts.push(`${s.groups} group${s.groups === 1 ? "" : "s"}`);
  if (s.app) parts.push("the app");
  if (s.otherApps.length > 0) parts.push(`${s.otherApps.length} other app(s) ignored`);
  return `${space}: ${parts.join(", ")}`;
}
