#!/bin/sh
# .ci/tsan.sh: the threaded tests under ThreadSanitizer (issue 12).
#   sh .ci/tsan.sh        (from anywhere; clang with its TSan runtime)
# Builds dyad and the tests with -fsanitize=thread into build-tsan/, then runs
# the tests that drive the -j N pipeline: test_robust_cli (-j 2/4/8 on mixed
# input with bad records against -j 1, signals mid-run with -j 4, a blocked
# stdin reader, long documents whose output is handed over in pieces) and
# test_speed_identity (-j N output = -j 1).  Any ThreadSanitizer report from
# dyad or a test fails the run (halt_on_error, exit code 66; test_robust_cli
# also fails a test when dyad's stderr holds a report).
set -e
cd "$(dirname "$0")/.."
echo "== ThreadSanitizer build (build-tsan/)"
make TSAN=1 CC=clang -j2 build-tsan/dyad build-tsan/tests/test_robust_cli build-tsan/tests/test_speed_identity >/dev/null
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
status=0
for t in test_robust_cli test_speed_identity; do
    echo "== $t under ThreadSanitizer"
    if ! ./build-tsan/tests/$t 2>&1 | tee /tmp/dyad-tsan-$$.log | tail -n 3; then status=1; fi
    if grep -q "WARNING: ThreadSanitizer" /tmp/dyad-tsan-$$.log; then echo "ThreadSanitizer report in $t"; status=1; fi
    tail -n 1 /tmp/dyad-tsan-$$.log | grep -q " 0 failed" || status=1
done
rm -f /tmp/dyad-tsan-$$.log
[ $status -eq 0 ] && echo "ThreadSanitizer: clean" || echo "ThreadSanitizer: FAILED"
exit $status
