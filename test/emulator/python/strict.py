"""What Google's front end refuses, sent through Google's Python client."""
from common import chat, emit, outcome, read_input, user_creds

inp = read_input()
url, space = inp["url"], inp["space"]
api = chat(url, user_creds(url, inp["user"], ["chat.memberships", "chat.spaces"]))
members = api.spaces().members()

unknown_field = outcome(
    lambda: members.create(
        parent=space, body={"member": {"name": "users/carol@example.com", "nick": "c"}}
    ).execute()
)
null_is_unset = outcome(
    lambda: members.create(
        parent=space,
        body={"member": {"name": "users/carol@example.com", "type": "HUMAN"}, "groupMember": None},
    ).execute()
)
# The client checks types but not int32 range: the server must.
page_size_overflow = outcome(lambda: members.list(parent=space, pageSize=2**31).execute())


def with_extra_param():
    request = members.list(parent=space)
    request.uri += "&showEveryone=true"
    return request.execute()


unknown_param = outcome(with_extra_param)
unserved = outcome(
    lambda: api.spaces().messages().create(parent=space, body={"text": "hi"}).execute()
)
idempotent = [
    outcome(
        lambda: api.spaces()
        .setup(
            body={
                "requestId": "py-req-1",
                "space": {"spaceType": "SPACE", "displayName": "From Python"},
            }
        )
        .execute()
    )
    for _ in range(2)
]
emit(
    {
        "unknown_field": unknown_field,
        "null_is_unset": null_is_unset,
        "page_size_overflow": page_size_overflow,
        "unknown_param": unknown_param,
        "unserved": unserved,
        "idempotent": idempotent,
    }
)
