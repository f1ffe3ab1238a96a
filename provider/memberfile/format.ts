import { Document, YAMLMap, YAMLSeq } from "yaml";
import {
  DEFAULT_MAX_REMOVALS,
  DEFAULT_REMOVE_ON_DESTROY,
  DEFAULT_ALLOW_EXTERNAL,
  DEFAULT_USE_ADMIN_ACCESS,
  DEFAULT_STALE_INVITE_DAYS,
  DEFAULT_STALE_INVITES,
} from "../core/defaults";
import { memberResourceName } from "../core/member";
import { roleUiName } from "../core/roles";
import type { DesiredMember, Member, SpaceMembersMode, StaleInvites } from "../core/types";
import type { SpaceSettings } from "../core/space-settings";

// Member file writer (for `chat-members export`). One member per line as a flow mapping with an
// explicit UI role name, so a pull request that changes someone shows as a one-line diff.
// Round-trip stable: parseMemberFile(formatMemberFile(x)) deep-equals x for normalised args;
// settings at their default are left out (the parser fills them back in).

export interface MemberFileContent {
  readonly space: string;
  /** The space's settings: written as a `space:` block with `name: <space>` first. */
  readonly spaceSettings?: SpaceSettings;
  readonly mode: SpaceMembersMode;
  readonly members: readonly DesiredMember[];
  readonly ignore?: readonly Member[];
  readonly maxRemovals?: number;
  readonly useAdminAccess?: boolean;
  readonly removeOnDestroy?: boolean;
  readonly allowExternal?: boolean;
  readonly domains?: readonly string[];
  readonly staleInvites?: StaleInvites;
  readonly staleInviteDays?: number;
}

export interface FormatOptions {
  /** true: a header explaining the format; or give the header lines and per-member notes. */
  readonly comments?:
    | boolean
    | {
        readonly header?: readonly string[];
        /** Keyed by member resource name (users/…, groups/…, users/app), e.g. display names. */
        readonly memberNotes?: ReadonlyMap<string, string>;
      };
  /** Adds a yaml-language-server modeline pointing editors at the JSON Schema. */
  readonly schemaPath?: string;
}

const DEFAULT_HEADER = [
  "Members of one Google Chat space, applied by ChatSpaceMembers.",
  "roles: member (ROLE_MEMBER), manager (ROLE_ASSISTANT_MANAGER), owner (ROLE_MANAGER)",
  "mode: authoritative removes anyone not listed; additive only adds and re-roles.",
];

/** Comments must stay on one line and cannot carry control characters. */
function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, " ");
}

function entry(doc: Document, d: DesiredMember): YAMLMap {
  const m = d.member;
  const value =
    m.kind === "user"
      ? "role" in d && d.role !== undefined
        ? { user: m.ref, role: roleUiName(d.role) }
        : { user: m.ref }
      : m.kind === "group"
        ? { group: m.id }
        : { app: true };
  const node = doc.createNode(value) as YAMLMap;
  node.flow = true;
  return node;
}

export function formatMemberFile(content: MemberFileContent, options: FormatOptions = {}): string {
  const doc = new Document();
  const root = new YAMLMap();
  doc.contents = root;
  if (content.spaceSettings) {
    const block = new YAMLMap();
    block.set("name", content.space);
    for (const [k, v] of Object.entries(content.spaceSettings))
      if (v !== undefined) block.set(k, doc.createNode(v));
    root.set("space", block);
  } else root.set("space", content.space);
  root.set("mode", content.mode);
  if (content.maxRemovals !== undefined && content.maxRemovals !== DEFAULT_MAX_REMOVALS) {
    root.set("maxRemovals", content.maxRemovals);
  }
  if ((content.useAdminAccess ?? DEFAULT_USE_ADMIN_ACCESS) !== DEFAULT_USE_ADMIN_ACCESS) {
    root.set("useAdminAccess", content.useAdminAccess);
  }
  if ((content.removeOnDestroy ?? DEFAULT_REMOVE_ON_DESTROY) !== DEFAULT_REMOVE_ON_DESTROY) {
    root.set("removeOnDestroy", content.removeOnDestroy);
  }
  if ((content.staleInvites ?? DEFAULT_STALE_INVITES) !== DEFAULT_STALE_INVITES)
    root.set("staleInvites", content.staleInvites);
  if ((content.staleInviteDays ?? DEFAULT_STALE_INVITE_DAYS) !== DEFAULT_STALE_INVITE_DAYS)
    root.set("staleInviteDays", content.staleInviteDays);
  if ((content.allowExternal ?? DEFAULT_ALLOW_EXTERNAL) !== DEFAULT_ALLOW_EXTERNAL) {
    root.set("allowExternal", content.allowExternal);
  }
  if (content.domains?.length) root.set("domains", [...content.domains]);

  const comments = options.comments ?? false;
  const notes = typeof comments === "object" ? comments.memberNotes : undefined;
  const members = new YAMLSeq();
  for (const d of content.members) {
    const node = entry(doc, d);
    const note = notes?.get(memberResourceName(d.member));
    if (note) node.comment = ` ${oneLine(note)}`;
    members.items.push(node);
  }
  if (members.items.length === 0) members.flow = true;
  root.set("members", members);
  if (content.ignore && content.ignore.length > 0) {
    root.set("ignore", content.ignore.map(memberResourceName));
  }

  const header: string[] = [];
  if (options.schemaPath)
    header.push(` yaml-language-server: $schema=${oneLine(options.schemaPath)}`);
  if (comments === true) header.push(...DEFAULT_HEADER.map((l) => ` ${l}`));
  if (typeof comments === "object")
    header.push(...(comments.header ?? DEFAULT_HEADER).map((l) => ` ${oneLine(l)}`));
  if (header.length > 0) doc.commentBefore = header.join("\n");
  return doc.toString({ lineWidth: 0 });
}
