#!/bin/sh
# npm test: the type check and the tests side by side (the type check is 5 s of one core, the
# tests mostly wait on servers); either one failing fails the whole. Arguments go to vitest
# (`npm test -- server/test/echo.test.ts`).
tsc --noEmit &
tsc=$!
vitest run "$@"
tests=$?
wait "$tsc" || exit 1
exit "$tests"
