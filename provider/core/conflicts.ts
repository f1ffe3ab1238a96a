import { ChatMembersError } from "./errors";
import { parseSpace } from "./space";

// Two resources that manage the same space fight when either is authoritative: each `up`
// undoes the other. Every resource claims its space once it is known; a clash is an error
// naming both resources, before any API call. The TypeScript classes claim as the program
// registers them (pulumi/conflicts.ts); the plugin claims in check (plugin/server.ts).

export interface SpaceClaim {
  /** How messages name the resource, e.g. `ChatSpaceMembers "team"`. */
  readonly resource: string;
  readonly authoritative: boolean;
}

export class SpaceClaims {
  private readonly bySpace = new Map<string, SpaceClaim[]>();

  /**
   * Registers `claim` on `space`, or returns the CONFLICTING_RESOURCES error. A resource that
   * claims again (checked twice) replaces its own claim; an invalid space is left to validation.
   */
  claim(space: string, claim: SpaceClaim): ChatMembersError | undefined {
    let key: string;
    try {
      key = parseSpace(space);
    } catch {
      return undefined;
    }
    const existing = (this.bySpace.get(key) ?? []).filter((c) => c.resource !== claim.resource);
    const rival = existing.find((c) => c.authoritative || claim.authoritative);
    if (rival) {
      const auth = rival.authoritative ? rival.resource : claim.resource;
      const other = rival.authoritative ? claim.resource : rival.resource;
      return new ChatMembersError({
        code: "CONFLICTING_RESOURCES",
        field: "space",
        value: key,
        reason: `${auth} manages every member of ${key} (mode: authoritative), and ${other} also manages members of it; each update would undo the other`,
        fix: `declare the member in ${auth} instead, or set mode: "additive" on ${auth}`,
      });
    }
    this.bySpace.set(key, [...existing, claim]);
    return undefined;
  }

  clear(): void {
    this.bySpace.clear();
  }
}
