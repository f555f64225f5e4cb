#!/usr/bin/env bash
# make run: prepare, create or upgrade the demo database, serve Odoo.
source "$(dirname "$0")/common.sh"
prepare

if db_exists "$DB_NAME"; then
    say "Upgrading the addons in database '$DB_NAME'"
    odoo -d "$DB_NAME" -u "$ADDONS" --stop-after-init --log-level=warn
else
    say "Creating database '$DB_NAME' with demo data and the addons"
    odoo -d "$DB_NAME" -i "$ADDONS" --stop-after-init --log-level=warn
fi

say "Odoo is starting on http://localhost:$HTTP_PORT"
say "Log in as admin / admin (complaint manager), demo / demo (complaint user) or portal / portal (customer)."
exec "$PYTHON" -m odoo -c "$ODOO_CONF" -d "$DB_NAME" --db-filter="^$DB_NAME\$"
