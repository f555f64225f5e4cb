#!/usr/bin/env bash
# make test: prepare, install the addons into a throw-away database, run every test with pytest-odoo.
source "$(dirname "$0")/common.sh"
prepare chromium
command -v chromium >/dev/null 2>&1 || die "Debian's chromium is needed for the browser tests."

TEST_DB="${TEST_DB:-complaint_test_$$}"
LOG="$RUN_DIR/install-$TEST_DB.log"
cleanup() {
    dropdb --if-exists "$TEST_DB" >/dev/null 2>&1 || true
    rm -rf "$RUN_DIR/data/filestore/$TEST_DB"
}
trap cleanup EXIT

say "Installing $ADDONS into the throw-away database '$TEST_DB'"
start=$(date +%s)
odoo -d "$TEST_DB" -i "$ADDONS" --stop-after-init --log-level=info --logfile="$LOG" \
    || { tail -50 "$LOG"; die "Installing the addons failed."; }
say "Installed in $(( $(date +%s) - start )) s"
if grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) " "$LOG"; then
    die "The installation logged the warnings or errors above."
fi

say "Running the tests"
set +e
"$PYTHON" -m pytest -p no:cacheprovider -q -rfEs \
    --odoo-config="$ODOO_CONF" --odoo-database="$TEST_DB" --odoo-http --odoo-log-level=warn \
    ${PYTEST_ARGS:-} ${TEST_PATHS:-complaint_management complaint_portal complaint_reports tests}
status=$?
set -e
case $status in
    0) say "All tests passed." ;;
    5) die "No test was collected." 5 ;;
    *) die "Tests failed (pytest exit code $status)." "$status" ;;
esac
