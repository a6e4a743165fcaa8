#!/bin/sh
# One attempt of a campaign task. Every task of a campaign's queue runs this same script (its command
# is `sh ./attempt.sh`: nothing of the task is put into a command); what it does comes from its
# environment: CHAOS_SECONDS to work, CHAOS_FAILING_ATTEMPTS attempts that fail transiently (exit 75)
# first. It appends its start and end to attempts.log beside it, one short write each (O_APPEND: lines
# of attempts on several workers never mix), for the campaign's checker.
now() { date +%s%3N; }
printf 'start %s %s %s %s %s\n' "$TASKMASTER_TASK_ID" "$TASKMASTER_ATTEMPT" "$TASKMASTER_ATTEMPT_ID" "$(now)" "$TASKMASTER_HOME" >>attempts.log
echo "::progress 10 working"
sleep "${CHAOS_SECONDS:-0}"
echo "worked ${CHAOS_SECONDS:-0}s on attempt $TASKMASTER_ATTEMPT"
code=0
[ "$TASKMASTER_ATTEMPT" -le "${CHAOS_FAILING_ATTEMPTS:-0}" ] && code=75
printf 'end %s %s %s %s %s\n' "$TASKMASTER_TASK_ID" "$TASKMASTER_ATTEMPT" "$TASKMASTER_ATTEMPT_ID" "$(now)" "$code" >>attempts.log
exit "$code"
