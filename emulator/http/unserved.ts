// Methods of revision 20261107's discovery document that the emulator does not serve. They are
// answered 501 UNIMPLEMENTED (Google's code for "not implemented by this service"), not 404, so a
// client learns that the emulator lacks the method, not that a resource is missing. The list is
// also in emulator/README.md; the conformance test checks both against the document.
import { unimplemented } from "../errors";

/** [method id, HTTP method, flat path] as the discovery document gives them. */
export const UNSERVED: readonly (readonly [string, string, string])[] = [
  ["customEmojis.create", "POST", "v1/customEmojis"],
  ["customEmojis.delete", "DELETE", "v1/customEmojis/{customEmojisId}"],
  ["customEmojis.get", "GET", "v1/customEmojis/{customEmojisId}"],
  ["customEmojis.list", "GET", "v1/customEmojis"],
  ["media.download", "GET", "v1/media/{mediaId}"],
  ["media.upload", "POST", "v1/spaces/{spacesId}/attachments:upload"],
  ["spaces.completeImport", "POST", "v1/spaces/{spacesId}:completeImport"],
  ["spaces.findDirectMessage", "GET", "v1/spaces:findDirectMessage"],
  ["spaces.findGroupChats", "GET", "v1/spaces:findGroupChats"],
  ["spaces.messagePins.create", "POST", "v1/spaces/{spacesId}/messagePins"],
  ["spaces.messagePins.delete", "DELETE", "v1/spaces/{spacesId}/messagePins/{messagePinsId}"],
  ["spaces.messagePins.list", "GET", "v1/spaces/{spacesId}/messagePins"],
  ["spaces.messages.create", "POST", "v1/spaces/{spacesId}/messages"],
  ["spaces.messages.delete", "DELETE", "v1/spaces/{spacesId}/messages/{messagesId}"],
  ["spaces.messages.get", "GET", "v1/spaces/{spacesId}/messages/{messagesId}"],
  ["spaces.messages.list", "GET", "v1/spaces/{spacesId}/messages"],
  ["spaces.messages.patch", "PATCH", "v1/spaces/{spacesId}/messages/{messagesId}"],
  [
    "spaces.messages.replaceCards",
    "POST",
    "v1/spaces/{spacesId}/messages/{messagesId}:replaceCards",
  ],
  ["spaces.messages.search", "POST", "v1/spaces/{spacesId}/messages:search"],
  ["spaces.messages.update", "PUT", "v1/spaces/{spacesId}/messages/{messagesId}"],
  [
    "spaces.messages.attachments.get",
    "GET",
    "v1/spaces/{spacesId}/messages/{messagesId}/attachments/{attachmentsId}",
  ],
  [
    "spaces.messages.reactions.create",
    "POST",
    "v1/spaces/{spacesId}/messages/{messagesId}/reactions",
  ],
  [
    "spaces.messages.reactions.delete",
    "DELETE",
    "v1/spaces/{spacesId}/messages/{messagesId}/reactions/{reactionsId}",
  ],
  ["spaces.messages.reactions.list", "GET", "v1/spaces/{spacesId}/messages/{messagesId}/reactions"],
  ["users.availability.get", "GET", "v1/users/{usersId}/availability"],
  ["users.availability.markAsActive", "POST", "v1/users/{usersId}/availability:markAsActive"],
  ["users.availability.markAsAway", "POST", "v1/users/{usersId}/availability:markAsAway"],
  [
    "users.availability.markAsDoNotDisturb",
    "POST",
    "v1/users/{usersId}/availability:markAsDoNotDisturb",
  ],
  ["users.availability.patch", "PATCH", "v1/users/{usersId}/availability"],
  ["users.sections.create", "POST", "v1/users/{usersId}/sections"],
  ["users.sections.delete", "DELETE", "v1/users/{usersId}/sections/{sectionsId}"],
  ["users.sections.list", "GET", "v1/users/{usersId}/sections"],
  ["users.sections.patch", "PATCH", "v1/users/{usersId}/sections/{sectionsId}"],
  ["users.sections.position", "POST", "v1/users/{usersId}/sections/{sectionsId}:position"],
  ["users.sections.items.list", "GET", "v1/users/{usersId}/sections/{sectionsId}/items"],
  [
    "users.sections.items.move",
    "POST",
    "v1/users/{usersId}/sections/{sectionsId}/items/{itemsId}:move",
  ],
  ["users.spaces.getSpaceReadState", "GET", "v1/users/{usersId}/spaces/{spacesId}/spaceReadState"],
  [
    "users.spaces.updateSpaceReadState",
    "PATCH",
    "v1/users/{usersId}/spaces/{spacesId}/spaceReadState",
  ],
  [
    "users.spaces.spaceNotificationSetting.get",
    "GET",
    "v1/users/{usersId}/spaces/{spacesId}/spaceNotificationSetting",
  ],
  [
    "users.spaces.spaceNotificationSetting.patch",
    "PATCH",
    "v1/users/{usersId}/spaces/{spacesId}/spaceNotificationSetting",
  ],
  [
    "users.spaces.threads.getThreadReadState",
    "GET",
    "v1/users/{usersId}/spaces/{spacesId}/threads/{threadsId}/threadReadState",
  ],
];

const PATTERNS = UNSERVED.map(([id, method, flat]) => ({
  id,
  method,
  re: new RegExp("^/" + flat.replace(/\{[^}]+\}/g, "[^/]+") + "$"),
}));

/** The unserved method a request is for, if any. */
export function unservedMethod(method: string, path: string): string | undefined {
  return PATTERNS.find((p) => p.method === method && p.re.test(path))?.id;
}

export const notServed = (id: string) =>
  unimplemented(
    `${id} is not emulated: chat-emulator serves only the membership and space methods listed in its README.`,
  );
