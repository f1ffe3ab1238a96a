// Every default of the core, written once.

/** A ChatSpaceMembers plan that removes more members than this fails before anything is applied. */
export const DEFAULT_MAX_REMOVALS = 5;

/** Member files default to authoritative: the file is the whole member list. */
export const DEFAULT_MEMBER_FILE_MODE = "authoritative" as const;

/** A create that meets an existing membership (409) adopts it instead of failing. */
export const DEFAULT_ADOPT = true;

export const DEFAULT_USE_ADMIN_ACCESS = false;

/**
 * ChatMembership: destroy (and the delete half of a replace) removes the membership only when
 * this stack created it; a member who was there before and was adopted stays.
 */
export const DEFAULT_ON_DESTROY = "remove-if-created" as const;

/** ChatSpaceMembers: destroy never wipes a space unless asked to remove the members it added. */
export const DEFAULT_REMOVE_ON_DESTROY = false;

/** Invitations nobody accepted are reported on every plan; revoked only when a space says so. */
export const DEFAULT_STALE_INVITES = "report" as const;

/** An invitation older than this many days, still not accepted, is stale. */
export const DEFAULT_STALE_INVITE_DAYS = 14;

/** External and guest members are allowed unless a space says otherwise. */
export const DEFAULT_ALLOW_EXTERNAL = true;

/**
 * ChatSpace: deleting a space deletes its messages and history for everyone, so destroy (and
 * the delete half of a replace) keeps the space and drops it from the state unless told to.
 */
export const DEFAULT_DELETION_POLICY = "retain" as const;
