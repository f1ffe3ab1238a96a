// The Pulumi type tokens of the `googlechat` plugin's resources, written once: the schema, the
// plugin's routing and `chat-members import-file` all name them.

export const PACKAGE = "googlechat";
export const TYPES = {
  membership: `${PACKAGE}:index:ChatMembership`,
  spaceMembers: `${PACKAGE}:index:ChatSpaceMembers`,
  space: `${PACKAGE}:index:ChatSpace`,
} as const;
