// Membership.affiliation (revision 20261107): the member's relation to the organisation that owns
// the space. Every emulated space belongs to the seed's organisation (no consumer-owned spaces).
import { MemberRef } from "./model";
import { Store } from "./store";

export type Affiliation = "INTERNAL" | "EXTERNAL" | "MANAGED_EXTERNAL";

export function affiliationOf(store: Store, ref: MemberRef): Affiliation {
  if (ref.kind === "user") {
    const u = store.users.get(ref.id);
    if (u?.guest) return "MANAGED_EXTERNAL";
    return u?.external ? "EXTERNAL" : "INTERNAL";
  }
  if (ref.kind === "group") {
    // UNCONFIRMED: a group is judged by its email's domain; a group without one is the org's.
    const email = store.groups.get(ref.id)?.email;
    return email && email.split("@")[1] !== store.domain ? "EXTERNAL" : "INTERNAL";
  }
  // UNCONFIRMED: Chat apps (of the organisation's projects) are INTERNAL.
  return "INTERNAL";
}
