import { ChatMembersError } from "./errors";
import { pathHazard } from "./path-safety";

const SPACE_PREFIX = "spaces/";
// Chat space ids are URL-safe base64-like tokens (e.g. AAAAxxxxxxx).
const SPACE_ID = /^[A-Za-z0-9_-]{1,128}$/;

const FIX = 'give the space as "spaces/AAAA…" or the bare id, as shown in the space URL';

/** `spaces/AAAA…` or a bare `AAAA…` → canonical `spaces/{id}`; throws INVALID_SPACE otherwise. */
export function parseSpace(input: unknown, field = "space"): string {
  if (typeof input !== "string") {
    throw new ChatMembersError({
      code: "INVALID_SPACE",
      field,
      value: input,
      reason: "must be a string",
      fix: FIX,
    });
  }
  const hazard = pathHazard(input);
  if (hazard) {
    throw new ChatMembersError({
      code: "INVALID_SPACE",
      field,
      value: input,
      reason: hazard,
      fix: FIX,
    });
  }
  const id = input.startsWith(SPACE_PREFIX) ? input.slice(SPACE_PREFIX.length) : input;
  if (!SPACE_ID.test(id)) {
    throw new ChatMembersError({
      code: "INVALID_SPACE",
      field,
      value: input,
      reason: "is not a space name (the id has only letters, digits, _ and -)",
      fix: FIX,
    });
  }
  return SPACE_PREFIX + id;
}

/** The id part of a canonical space name. */
export function spaceId(space: string): string {
  return parseSpace(space).slice(SPACE_PREFIX.length);
}
