import { ChatMembersError } from "./errors";
import { declaredKey, label, type MemberId } from "./identity";
import { memberResourceName } from "./member";
import type { DesiredMember, Member } from "./types";
import type { SpaceView, ViewMember } from "./view";

// The declaration matched against the resolved snapshot: each declared member and each ignore
// entry becomes one person of the space, or a person not in it yet. Two entries that are one
// person (an email and a numeric id, two aliases, or an entry both declared and ignored) are an
// error here, before any write.

export interface DeclaredEntry {
  readonly desired: DesiredMember;
  /** Position in `members`, for messages. */
  readonly index: number;
  /** The live membership of this person, when they are in the space. */
  readonly present: ViewMember | undefined;
  /** How a person reads this entry: the email, or the id. */
  readonly label: string;
}

export interface Matched {
  readonly declared: readonly DeclaredEntry[];
  /** Members of the space on the ignore list. */
  readonly ignored: ReadonlySet<MemberId>;
  /** Ignore entries (as written) that are not in the space: nothing to protect. */
  readonly ignoredAbsent: readonly string[];
}

interface Index {
  readonly byId: ReadonlyMap<MemberId, ViewMember>;
  readonly byEmail: ReadonlyMap<string, ViewMember>;
}

function indexOf(view: SpaceView): Index {
  const byId = new Map<MemberId, ViewMember>();
  const byEmail = new Map<string, ViewMember>();
  for (const m of view.members) {
    byId.set(m.id, m);
    if (m.email) byEmail.set(m.email, m);
  }
  return { byId, byEmail };
}

function find(ix: Index, m: Member): { present?: ViewMember; key: string; label: string } {
  const k = declaredKey(m);
  if ("id" in k) {
    const present = ix.byId.get(k.id);
    return { present, key: k.id, label: present ? label(present) : k.id };
  }
  const present = ix.byEmail.get(k.email);
  return { present, key: present?.id ?? `email:${k.email}`, label: k.email };
}

export function matchDeclaration(
  view: SpaceView,
  members: readonly DesiredMember[],
  ignore: readonly Member[],
): Matched {
  const ix = indexOf(view);
  const declared: DeclaredEntry[] = [];
  const seen = new Map<string, number>();
  members.forEach((desired, index) => {
    const f = find(ix, desired.member);
    const earlier = seen.get(f.key);
    if (earlier !== undefined) {
      throw new ChatMembersError({
        code: "DUPLICATE_MEMBER",
        field: `members[${index}]`,
        value: memberResourceName(desired.member),
        reason: `is ${f.label}, already declared as members[${earlier}] (${memberResourceName(members[earlier]!.member)})`,
        fix: "keep one entry per person",
      });
    }
    seen.set(f.key, index);
    declared.push({ desired, index, present: f.present, label: f.label });
  });
  const ignored = new Set<MemberId>();
  const ignoredAbsent: string[] = [];
  ignore.forEach((m, i) => {
    const f = find(ix, m);
    const clash = seen.get(f.key);
    if (clash !== undefined) {
      throw new ChatMembersError({
        code: "IGNORED_AND_DECLARED",
        field: `ignore[${i}]`,
        value: memberResourceName(m),
        reason: `is ${f.label}, also declared as members[${clash}] (${memberResourceName(members[clash]!.member)})`,
        fix: "either declare the person or ignore them, not both",
      });
    }
    if (f.present) ignored.add(f.present.id);
    else ignoredAbsent.push(memberResourceName(m));
  });
  return { declared, ignored, ignoredAbsent };
}
