"""Google Chat members from Python, through the googlechat plugin's Python SDK."""

import pulumi
import pulumi_googlechat as googlechat

config = pulumi.Config()
space = config.require("space")

# The guide's two cases: a user by email (HUMAN) and the calling Chat app (users/app, BOT).
user_membership = googlechat.ChatMembership(
    "user-membership",
    space=space,
    member=f"users/{config.require('user')}",
    role="member",
)
app_membership = googlechat.ChatMembership("app-membership", space=space, member="users/app")

# A whole space: anyone not listed is removed (at most max_removals per apply).
team_members = googlechat.ChatSpaceMembers(
    "team-members",
    space=config.require("team"),
    mode="authoritative",
    max_removals=2,
    members=[
        googlechat.SpaceMemberEntryArgs(member="alice@example.com", role="owner"),
        googlechat.SpaceMemberEntryArgs(member="bob@example.com", role="manager"),
        googlechat.SpaceMemberEntryArgs(member="carol@example.com"),
        # The calling app is a member there: declared, so it stays.
        googlechat.SpaceMemberEntryArgs(member="users/app"),
    ],
)

pulumi.export("userMembership", user_membership.name)
pulumi.export("userState", user_membership.state)
pulumi.export("appMembership", app_membership.name)
pulumi.export("teamMembers", team_members.members)
