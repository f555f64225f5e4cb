#!/usr/bin/env bash
# make lint: the checks of .pre-commit-config.yaml, run offline with the pinned tools.
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
install_python_requirements
LINTED=(complaint_management complaint_portal complaint_reports)
"$PYTHON" -m ruff check --no-fix .
"$PYTHON" -m ruff format --check .
"$PYTHON" -m pylint --rcfile=.pylintrc-mandatory "${LINTED[@]}"
"$PYTHON" -m pylint --rcfile=.pylintrc --exit-zero "${LINTED[@]}"
say "lint: clean"
