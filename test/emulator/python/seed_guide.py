"""The seed guide's two samples ("invite or add a user or a Chat app to a space"), as written,
plus what google-auth's scope narrowing on refresh means for them."""
from common import SCOPE, chat, emit, outcome, read_input, user_creds

inp = read_input()
url, space = inp["url"], inp["space"]

# Sample 1: a user, scope chat.memberships.
user = chat(url, user_creds(url, inp["user"], ["chat.memberships"]))
human = outcome(
    lambda: user.spaces()
    .members()
    .create(parent=space, body={"member": {"name": "users/carol@example.com", "type": "HUMAN"}})
    .execute()
)

# Sample 2: the calling app, scope chat.memberships.app.
app_scoped = chat(url, user_creds(url, inp["user"], ["chat.memberships.app"]))
app = outcome(
    lambda: app_scoped.spaces()
    .members()
    .create(parent=space, body={"member": {"name": "users/app", "type": "BOT"}})
    .execute()
)

# The same chat.memberships.app credential cannot add a human: its token was narrowed.
narrowed = outcome(
    lambda: app_scoped.spaces()
    .members()
    .create(parent=space, body={"member": {"name": "users/erin@example.com", "type": "HUMAN"}})
    .execute()
)

# Asking for a scope never granted.
widened = outcome(
    lambda: chat(url, user_creds(url, inp["readonly_user"], ["chat.memberships"]))
    .spaces()
    .members()
    .list(parent=space)
    .execute()
)

listed = outcome(lambda: user.spaces().members().list(parent=space).execute())
emit({"human": human, "app": app, "narrowed": narrowed, "widened": widened, "listed": listed})
