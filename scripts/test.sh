#!/bin/sh
# npm test: the type check and the tests side by side (the type check is 5 s of one core or less, the
# tests mostly wait on servers); either one failing fails the whole. Arguments go to vitest
# (`npm test -- server/test/echo.test.ts`). Incremental, from what the last check left in
# node_modules/.cache: 3 s of CPU instead of 9.5 s when few files changed.
tsc --noEmit --incremental --tsBuildInfoFile node_modules/.cache/http11-conformance/tsbuildinfo &
tsc=$!
vitest run "$@"
tests=$?
wait "$tsc" || exit 1
exit "$tests"
