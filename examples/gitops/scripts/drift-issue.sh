#!/usr/bin/env bash
# Keeps one GitHub issue listing the drift of the declared spaces: runs `chat-members drift` over
# the member files and, on drift (exit 5), opens the issue or updates its body; without drift
# (exit 0), closes it; on any other exit (bad file, credentials, API), fails the job and leaves
# the issue alone. Run by .github/workflows/drift.yml; runs anywhere `gh` is logged in:
#   scripts/drift-issue.sh [spaces-dir]
# Overridable: CHAT_MEMBERS (the command, default `npx chat-members`), GH (default `gh`),
# DRIFT_ISSUE_TITLE, DRIFT_ISSUE_LABEL.
set -uo pipefail

dir=${1:-spaces}
chat_members=${CHAT_MEMBERS:-npx chat-members}
gh=${GH:-gh}
title=${DRIFT_ISSUE_TITLE:-"Chat members: drift"}
label=${DRIFT_ISSUE_LABEL:-chat-members-drift}

body=$(mktemp)
trap 'rm -f "$body"' EXIT
# shellcheck disable=SC2086 # the command may be several words (npx chat-members)
$chat_members drift "$dir" --format markdown >"$body"
status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 5 ]; then
  cat "$body"
  echo "drift-issue: chat-members drift failed (exit $status); the issue is left as it is" >&2
  exit "$status"
fi

existing=$($gh issue list --state open --label "$label" --json number --jq '.[0].number // empty') || exit 1
if [ "$status" -eq 0 ]; then
  if [ -n "$existing" ]; then
    $gh issue close "$existing" --comment "No drift any more: every space matches its member file ($(date -u +%F))."
  fi
  echo "drift-issue: no drift"
  exit 0
fi
if [ -n "$existing" ]; then
  $gh issue edit "$existing" --body-file "$body"
  echo "drift-issue: updated issue #$existing"
else
  $gh label create "$label" --force --description "Chat members changed outside the member files" >/dev/null 2>&1 || true
  $gh issue create --title "$title" --label "$label" --body-file "$body"
fi
