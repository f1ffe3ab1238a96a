// The messages the served methods read and write, as revision 20261107's discovery document
// defines them (the conformance test compares the two). Request bodies are checked against these:
// unknown fields are refused, as Google's front end refuses them.
import { EnumName } from "./enums";

/** A field: a scalar, `enum:<EnumName>`, a message name; `[]` suffix = repeated. */
export type FieldSpec = string;

export interface MessageDef {
  /** Full proto name, for error messages (`type.googleapis.com/<proto>`). */
  proto: string;
  fields: Record<string, FieldSpec>;
}

export const SCALARS = ["string", "bool", "int32", "timestamp", "fieldmask"] as const;

export const MESSAGES: Record<string, MessageDef> = {
  Membership: {
    proto: "google.chat.v1.Membership",
    fields: {
      name: "string",
      state: "enum:state",
      role: "enum:role",
      member: "User",
      groupMember: "Group",
      createTime: "timestamp",
      deleteTime: "timestamp",
      affiliation: "enum:affiliation",
    },
  },
  User: {
    proto: "google.chat.v1.User",
    fields: {
      name: "string",
      displayName: "string",
      domainId: "string",
      type: "enum:userType",
      isAnonymous: "bool",
      email: "string",
      avatarUrl: "string",
    },
  },
  Group: { proto: "google.chat.v1.Group", fields: { name: "string" } },
  // Space events: the membership payloads in full; message, reaction and space payloads are
  // named but never emitted (the emulator has no messages), so their messages are not defined.
  SpaceEvent: {
    proto: "google.chat.v1.SpaceEvent",
    fields: {
      eventTime: "timestamp",
      eventType: "string",
      membershipBatchCreatedEventData: "MembershipBatchCreatedEventData",
      membershipBatchDeletedEventData: "MembershipBatchDeletedEventData",
      membershipBatchUpdatedEventData: "MembershipBatchUpdatedEventData",
      membershipCreatedEventData: "MembershipCreatedEventData",
      membershipDeletedEventData: "MembershipDeletedEventData",
      membershipUpdatedEventData: "MembershipUpdatedEventData",
      messageBatchCreatedEventData: "MessageBatchCreatedEventData",
      messageBatchDeletedEventData: "MessageBatchDeletedEventData",
      messageBatchUpdatedEventData: "MessageBatchUpdatedEventData",
      messageCreatedEventData: "MessageCreatedEventData",
      messageDeletedEventData: "MessageDeletedEventData",
      messageUpdatedEventData: "MessageUpdatedEventData",
      name: "string",
      reactionBatchCreatedEventData: "ReactionBatchCreatedEventData",
      reactionBatchDeletedEventData: "ReactionBatchDeletedEventData",
      reactionCreatedEventData: "ReactionCreatedEventData",
      reactionDeletedEventData: "ReactionDeletedEventData",
      spaceBatchUpdatedEventData: "SpaceBatchUpdatedEventData",
      spaceUpdatedEventData: "SpaceUpdatedEventData",
    },
  },
  ListSpaceEventsResponse: {
    proto: "google.chat.v1.ListSpaceEventsResponse",
    fields: { spaceEvents: "SpaceEvent[]", nextPageToken: "string" },
  },
  MembershipCreatedEventData: {
    proto: "google.chat.v1.MembershipCreatedEventData",
    fields: { membership: "Membership" },
  },
  MembershipBatchCreatedEventData: {
    proto: "google.chat.v1.MembershipBatchCreatedEventData",
    fields: { memberships: "MembershipCreatedEventData[]" },
  },
  MembershipUpdatedEventData: {
    proto: "google.chat.v1.MembershipUpdatedEventData",
    fields: { membership: "Membership" },
  },
  MembershipBatchUpdatedEventData: {
    proto: "google.chat.v1.MembershipBatchUpdatedEventData",
    fields: { memberships: "MembershipUpdatedEventData[]" },
  },
  MembershipDeletedEventData: {
    proto: "google.chat.v1.MembershipDeletedEventData",
    fields: { membership: "Membership" },
  },
  MembershipBatchDeletedEventData: {
    proto: "google.chat.v1.MembershipBatchDeletedEventData",
    fields: { memberships: "MembershipDeletedEventData[]" },
  },
  ListMembershipsResponse: {
    proto: "google.chat.v1.ListMembershipsResponse",
    fields: { memberships: "Membership[]", nextPageToken: "string" },
  },
  Space: {
    proto: "google.chat.v1.Space",
    fields: {
      name: "string",
      type: "enum:legacyType",
      spaceType: "enum:spaceType",
      singleUserBotDm: "bool",
      threaded: "bool",
      displayName: "string",
      externalUserAllowed: "bool",
      spaceThreadingState: "enum:threading",
      spaceDetails: "SpaceDetails",
      spaceHistoryState: "enum:history",
      importMode: "bool",
      createTime: "timestamp",
      lastActiveTime: "timestamp",
      adminInstalled: "bool",
      membershipCount: "MembershipCount",
      accessSettings: "AccessSettings",
      customer: "string",
      spaceUri: "string",
      predefinedPermissionSettings: "enum:predefinedPermissions",
      permissionSettings: "PermissionSettings",
      importModeExpireTime: "timestamp",
    },
  },
  SpaceDetails: {
    proto: "google.chat.v1.Space.SpaceDetails",
    fields: { description: "string", guidelines: "string" },
  },
  MembershipCount: {
    proto: "google.chat.v1.Space.MembershipCount",
    fields: { joinedDirectHumanUserCount: "int32", joinedGroupCount: "int32" },
  },
  AccessSettings: {
    proto: "google.chat.v1.Space.AccessSettings",
    fields: {
      accessState: "enum:accessState",
      audience: "string",
      accessPermissionSettings: "AccessPermissionSettings",
    },
  },
  AccessPermissionSettings: {
    proto: "google.chat.v1.Space.AccessPermissionSettings",
    fields: {
      discoverSpaceSetting: "AccessPermissionSetting",
      joinSpaceSetting: "AccessPermissionSetting",
      viewSpaceMembershipSetting: "AccessPermissionSetting",
    },
  },
  AccessPermissionSetting: {
    proto: "google.chat.v1.Space.AccessPermissionSetting",
    fields: { principals: "Principal[]" },
  },
  Principal: { proto: "google.chat.v1.Principal", fields: { audience: "Audience" } },
  Audience: { proto: "google.chat.v1.Audience", fields: { name: "string" } },
  PermissionSettings: {
    proto: "google.chat.v1.Space.PermissionSettings",
    fields: {
      manageMembersAndGroups: "PermissionSetting",
      modifySpaceDetails: "PermissionSetting",
      toggleHistory: "PermissionSetting",
      useAtMentionAll: "PermissionSetting",
      manageApps: "PermissionSetting",
      manageWebhooks: "PermissionSetting",
      postMessages: "PermissionSetting",
      replyMessages: "PermissionSetting",
      viewSpaceMembership: "PermissionSetting",
    },
  },
  PermissionSetting: {
    proto: "google.chat.v1.Space.PermissionSetting",
    fields: { managersAllowed: "bool", assistantManagersAllowed: "bool", membersAllowed: "bool" },
  },
  ListSpacesResponse: {
    proto: "google.chat.v1.ListSpacesResponse",
    fields: { spaces: "Space[]", nextPageToken: "string" },
  },
  SearchSpacesResponse: {
    proto: "google.chat.v1.SearchSpacesResponse",
    fields: {
      results: "SearchSpaceResult[]",
      spaces: "Space[]",
      nextPageToken: "string",
      totalSize: "int32",
    },
  },
  SearchSpaceResult: { proto: "google.chat.v1.SearchSpaceResult", fields: { space: "Space" } },
  Empty: { proto: "google.protobuf.Empty", fields: {} },
  SetUpSpaceRequest: {
    proto: "google.chat.v1.SetUpSpaceRequest",
    fields: { space: "Space", requestId: "string", memberships: "Membership[]" },
  },
};

export interface FieldType {
  repeated: boolean;
  kind: "scalar" | "enum" | "message";
  /** Scalar name, enum name or message name. */
  name: string;
}

export function fieldType(spec: FieldSpec): FieldType {
  const repeated = spec.endsWith("[]");
  const base = repeated ? spec.slice(0, -2) : spec;
  if (base.startsWith("enum:")) return { repeated, kind: "enum", name: base.slice(5) as EnumName };
  if ((SCALARS as readonly string[]).includes(base))
    return { repeated, kind: "scalar", name: base };
  return { repeated, kind: "message", name: base };
}

/** `groupMember` -> `group_member`: Google names fields by their proto names in errors. */
export const protoName = (json: string) => json.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
