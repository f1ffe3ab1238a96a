// Who may bring a user from outside the organisation into a space. One rule for members.create
// (which fails with it) and spaces.setup (which, as documented, leaves such members out).
import { ApiError, denied, precondition } from "./errors";
import { SpaceRec, UserRec } from "./model";
import { AuthMode } from "./scopes";

export function externalUserRefusal(
  user: UserRec,
  space: Pick<SpaceRec, "externalUserAllowed">,
  mode: AuthMode,
): ApiError | undefined {
  if (!user.external) return undefined;
  if (mode === "app")
    return denied("App authentication cannot add users outside the organisation.");
  if (mode === "admin") return denied("Admin access cannot add users outside the organisation.");
  // UNCONFIRMED code: FAILED_PRECONDITION for a space that admits only the organisation.
  if (!space.externalUserAllowed) {
    return precondition("This space does not allow users outside the organisation.");
  }
  return undefined;
}
