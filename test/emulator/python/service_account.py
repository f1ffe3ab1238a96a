"""Service-account credentials: app authentication through the token endpoint, domain-wide
delegation (with_subject), and a self-signed JWT as the bearer token (always_use_jwt_access)."""
from common import chat, emit, outcome, read_input, service_account_creds

inp = read_input()
url, key, space = inp["url"], inp["key"], inp["app_space"]


def list_members(service):
    return outcome(lambda: service.spaces().members().list(parent=space).execute())


app = list_members(chat(url, service_account_creds(url, key, ["chat.bot"])))
self_signed = list_members(
    chat(url, service_account_creds(url, key, ["chat.bot"]), always_use_jwt_access=True)
)
delegated = list_members(
    chat(url, service_account_creds(url, key, ["chat.memberships"], subject="alice@example.com"))
)
emit({"app": app, "self_signed": self_signed, "delegated": delegated})
