// Which API revision the emulator answers as. Revision 20261107 added `member.email`,
// `member.avatarUrl`, user-auth `member.displayName` and `Membership.affiliation`; "legacy" is the
// behaviour before it, so clients can be tested against both.
export type ApiRevision = "20261107" | "legacy";
export const API_REVISIONS: readonly ApiRevision[] = ["20261107", "legacy"];
export const DEFAULT_API_REVISION: ApiRevision = "20261107";

/** Errors as values: the revision, or a message naming the allowed ones. */
export function parseApiRevision(v: unknown): ApiRevision | { error: string } {
  if (typeof v === "string" && (API_REVISIONS as readonly string[]).includes(v)) {
    return v as ApiRevision;
  }
  return { error: `API revision ${JSON.stringify(v)} is not one of ${API_REVISIONS.join(", ")}` };
}
