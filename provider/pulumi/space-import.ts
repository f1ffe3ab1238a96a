import { DEFAULT_MEMBER_FILE_MODE } from "../core/defaults";
import { memberResourceName } from "../core/member";
import { roleUiName } from "../core/roles";
import { parseSpace } from "../core/space";
import type { LiveMembership } from "../core/types";
import type { NormalizedSpaceMembersArgs } from "../core/validate/normalized";
import { orThrow } from "../core/validate/collector";
import { validateSpaceMembersArgs } from "../core/validate/space-members";
import type { SpaceView, ViewMember } from "../core/view";
import { exportContent } from "../memberfile/export";
import { readSpace } from "../reconcile/space";
import { chatApi } from "./session";

// `pulumi import googlechat:index:ChatSpaceMembers <name> spaces/AAAA`: the engine reads a space
// the state has never held. The declaration it gets is the one `chat-members export` writes for
// that space (memberfile/export.ts decides who is declared how), so the program the engine
// generates changes nothing and the following preview is empty.

type Props = Record<string, unknown>;

const MEMBER_TYPE = { human: "HUMAN", group: "GROUP", app: "BOT", otherApp: "BOT" } as const;

/** A resolved member as the list gave it (the calling app keeps its alias, `users/app`). */
function asListed(m: ViewMember): LiveMembership {
  return {
    name: m.membershipName ?? "",
    memberName: m.id,
    memberType: MEMBER_TYPE[m.kind],
    role: m.role ?? "MEMBERSHIP_ROLE_UNSPECIFIED",
    state: m.state,
    ...(m.email ? { email: m.email } : {}),
    ...(m.displayName ? { displayName: m.displayName } : {}),
    ...(m.affiliation ? { affiliation: m.affiliation } : {}),
  };
}

export interface ImportedSpace {
  readonly args: NormalizedSpaceMembersArgs;
  readonly view: SpaceView;
  /** The inputs the engine writes into the generated program: only what is not a default. */
  readonly program: Props;
}

/** The space `id` as a declaration that changes nothing; undefined when the space is gone. */
export async function importSpace(id: string): Promise<ImportedSpace | undefined> {
  // An id that is no space name fails here, naming it, before any call.
  const space = parseSpace(id, "the import id");
  const view = await readSpace(
    chatApi(),
    orThrow(validateSpaceMembersArgs({ space, members: [], mode: "additive" })),
  );
  if (!view) return undefined;
  const content = exportContent(space, view.members.map(asListed), {
    mode: DEFAULT_MEMBER_FILE_MODE,
    appMemberName: "users/app",
  });
  const program: Props = {
    space,
    mode: content.mode,
    members: content.members.map((d) =>
      d.member.kind === "user" && "role" in d && d.role !== undefined
        ? { member: memberResourceName(d.member), role: roleUiName(d.role) }
        : { member: memberResourceName(d.member) },
    ),
    ...(content.ignore && content.ignore.length > 0
      ? { ignore: content.ignore.map(memberResourceName) }
      : {}),
  };
  return { args: orThrow(validateSpaceMembersArgs(program)), view, program };
}
