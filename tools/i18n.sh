#!/usr/bin/env bash
# Regenerate each addon's i18n/<addon>.pot from a fresh database and merge it into i18n/zh_CN.po
# (new terms get an empty msgstr to translate, obsolete ones are dropped, translations are kept).
# Usage: bash tools/i18n.sh            (needs what `make test` needs)
source "$(dirname "$0")/common.sh"
prepare
I18N_DB="${I18N_DB:-complaint_i18n_$$}"
trap 'dropdb --if-exists "$I18N_DB" >/dev/null 2>&1 || true' EXIT
odoo -d "$I18N_DB" -i "$ADDONS" --stop-after-init --log-level=warn
for addon in ${ADDONS//,/ }; do
    mkdir -p "$REPO_ROOT/$addon/i18n"
    odoo -d "$I18N_DB" --modules="$addon" --i18n-export="$REPO_ROOT/$addon/i18n/$addon.pot" \
        --stop-after-init --log-level=warn
    "$PYTHON" "$REPO_ROOT/tools/po_merge.py" "$REPO_ROOT/$addon/i18n/$addon.pot" \
        "$REPO_ROOT/$addon/i18n/zh_CN.po"
done
