// The org benchmark's world: `spaces` named spaces whose only member is the caller (their
// manager), and `members` people in the directory, the same people declared in every space.
import type { Seed } from "../../emulator";
import { benchUsers, CALLER, DOMAIN, PROJECT, userEmail } from "./world";

/** The s-th space of the org (0-based). */
export const orgSpace = (s: number) => `spaces/ORG${String(s).padStart(4, "0")}`;

/** `present`: the M people are already members of every space (a first create adopts them). */
export function orgSeed(spaces: number, members: number, present = false): Seed {
  return {
    domain: DOMAIN,
    users: benchUsers(members),
    projects: [{ id: PROJECT, appName: "Bench" }],
    spaces: Array.from({ length: spaces }, (_, s) => ({
      name: orgSpace(s),
      spaceType: "SPACE" as const,
      displayName: `Org ${s}`,
      createdBy: CALLER,
      members: [
        { member: CALLER, role: "ROLE_MANAGER" as const },
        ...(present ? Array.from({ length: members }, (_, i) => ({ member: userEmail(i) })) : []),
      ],
    })),
  };
}
