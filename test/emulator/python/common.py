"""Shared helpers for the emulator tests that drive it with Google's Python client.

Each script reads one JSON object on stdin (the emulator's URL and credentials minted by the
test) and prints one JSON object: what the client saw. The discovery document is the one
packaged in google-api-python-client (revision 20261107); credentials are built as a user
pointing at an emulator would build them, with an explicit token_uri.
"""
import json
import sys

from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account
from googleapiclient import discovery, discovery_cache
from googleapiclient.errors import HttpError

SCOPE = "https://www.googleapis.com/auth/"


def read_input():
    return json.load(sys.stdin)


def chat(url, creds, **kwargs):
    doc = discovery_cache.get_static_doc("chat", "v1")
    return discovery.build_from_document(
        doc, credentials=creds, client_options={"api_endpoint": url}, **kwargs
    )


def user_creds(url, authorized_user, scopes):
    """An authorized_user credential; google-auth sends `scopes` on every refresh."""
    return user_credentials.Credentials(
        token=None,
        refresh_token=authorized_user["refresh_token"],
        client_id=authorized_user["client_id"],
        client_secret=authorized_user["client_secret"],
        token_uri=url + "/token",
        scopes=[SCOPE + s for s in scopes],
    )


def service_account_creds(url, key, scopes, subject=None):
    creds = service_account.Credentials.from_service_account_info(
        {**key, "token_uri": url + "/token"}, scopes=[SCOPE + s for s in scopes]
    )
    return creds.with_subject(subject) if subject else creds


def outcome(fn):
    """{"ok": response} or {"status": HTTP status, "error": Google's error body}."""
    try:
        return {"ok": fn()}
    except HttpError as e:
        try:
            body = json.loads(e.content)
        except ValueError:
            body = e.content.decode("utf-8", "replace")
        return {"status": e.resp.status, "error": body}
    except Exception as e:  # token endpoint refusals surface as google.auth RefreshError
        return {"exception": type(e).__name__, "message": str(e)}


def emit(result):
    json.dump(result, sys.stdout)
