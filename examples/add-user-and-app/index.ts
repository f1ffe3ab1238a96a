import * as pulumi from "@pulumi/pulumi";
import { ChatMembership } from "pulumi-googlechat-members";

// The guide "invite or add a user or a Chat app to a space", declared:
// - a user, by email (HUMAN; scope chat.memberships). If their auto-accept policy is off
//   (external users by default) they are INVITED and must accept; `state` says which.
// - the calling Chat app, users/app (BOT; scope chat.memberships.app).
const config = new pulumi.Config();
const space = config.require("space");

const user = new ChatMembership("user", {
  space,
  member: `users/${config.require("user")}`,
  role: "member",
});

const app = new ChatMembership("app", { space, member: "users/app" });

export const userMembership = user.name;
export const userState = user.state;
export const appMembership = app.name;
