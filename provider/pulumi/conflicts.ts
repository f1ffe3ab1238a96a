import * as pulumi from "@pulumi/pulumi";
import { SpaceClaims } from "../core/conflicts";

// The program's claims (core/conflicts.ts holds the rule): each resource class claims its space
// as it registers, so a clash fails the program before anything registers.

const claims = new SpaceClaims();

/** Registers `resource` on `space`; throws a RunError with code CONFLICTING_RESOURCES on a fight. */
export function claimSpace(space: string, resource: string, authoritative: boolean): void {
  const error = claims.claim(space, { resource, authoritative });
  if (!error) return;
  // A RunError is how a program fails with one line: Pulumi prints its message, no stack.
  throw Object.assign(new pulumi.RunError(error.message), {
    code: error.code,
    field: error.field,
    value: error.value,
  });
}

/** For tests of one program run. */
export function resetClaims(): void {
  claims.clear();
}
