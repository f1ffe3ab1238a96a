// Whose profile (email, display name, avatar) a user-authenticated caller sees in Membership
// resources, by revision 20261107's rule: users who are members of the space, or who have prior
// affinity with the caller. Affinity is modelled as sharing a DIRECT_MESSAGE space.
import { Store } from "./store";

export type ProfileVisibility = (memberKey: string, spaceId: string) => boolean;

export function profileVisibility(store: Store, callerKey: string): ProfileVisibility {
  let partners: Set<string> | undefined;
  const dmPartners = (): Set<string> => {
    if (partners) return partners;
    partners = new Set();
    for (const s of store.spaces.values()) {
      if (s.spaceType !== "DIRECT_MESSAGE") continue;
      const ms = store.spaceMembers(s.id);
      if (!ms.has(callerKey)) continue;
      for (const k of ms.keys()) partners.add(k);
    }
    return partners;
  };
  return (memberKey, spaceId) =>
    // "Member of the space" counts any state: INVITED members are listed by the space too.
    memberKey === callerKey ||
    store.spaceMembers(spaceId).has(memberKey) ||
    dmPartners().has(memberKey);
}

/** A deterministic stand-in for Google's avatar URLs. */
export const avatarUrl = (userId: string) => `https://lh3.googleusercontent.com/a/${userId}`;
