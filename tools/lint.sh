#!/usr/bin/env bash
# make lint: the checks of .pre-commit-config.yaml, run offline with the pinned tools.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
ADDONS=(complaint_management complaint_portal complaint_reports)
"$PYTHON" -m ruff check --no-fix .
"$PYTHON" -m ruff format --check .
"$PYTHON" -m pylint --rcfile=.pylintrc-mandatory "${ADDONS[@]}"
"$PYTHON" -m pylint --rcfile=.pylintrc --exit-zero "${ADDONS[@]}"
echo "lint: clean"
