import * as pulumi from "@pulumi/pulumi";
import { ChatMembersError } from "../core/errors";
import { parseSpace } from "../core/space";

// Two resources that manage the same space fight when either is authoritative: each `up`
// undoes the other. The program registers every resource here as its space becomes known;
// a clash fails the program, naming both resources, before any API call.

interface Claim {
  readonly resource: string;
  readonly authoritative: boolean;
}

const claims = new Map<string, Claim[]>();

/** Registers `resource` on `space`; throws a RunError with code CONFLICTING_RESOURCES on a fight. */
export function claimSpace(space: string, resource: string, authoritative: boolean): void {
  let key: string;
  try {
    key = parseSpace(space);
  } catch {
    return; // an invalid space is reported by the provider's check, with the fix
  }
  const existing = claims.get(key) ?? [];
  const rival = existing.find((c) => c.authoritative || authoritative);
  if (rival) {
    const auth = rival.authoritative ? rival.resource : resource;
    const other = rival.authoritative ? resource : rival.resource;
    const error = new ChatMembersError({
      code: "CONFLICTING_RESOURCES",
      field: "space",
      value: key,
      reason: `${auth} manages every member of ${key} (mode: authoritative), and ${other} also manages members of it; each update would undo the other`,
      fix: `declare the member in ${auth} instead, or set mode: "additive" on ${auth}`,
    });
    // A RunError is how a program fails with one line: Pulumi prints its message, no stack.
    throw Object.assign(new pulumi.RunError(error.message), {
      code: error.code,
      field: error.field,
      value: error.value,
    });
  }
  claims.set(key, [...existing, { resource, authoritative }]);
}

/** For tests of one program run. */
export function resetClaims(): void {
  claims.clear();
}
