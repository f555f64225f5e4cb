#!/usr/bin/env bash
# make run: prepare, create or upgrade the demo database, serve Odoo.
source "$(dirname "$0")/common.sh"
prepare

# Languages loaded next to en_US (with the addons' translations); LANGS="" for English only.
# en_US first: Odoo makes the first loaded language the default of a new database.
LANGS="${LANGS-zh_CN}"
lang_args=(--load-language="en_US${LANGS:+,$LANGS}")

if db_exists "$DB_NAME"; then
    say "Upgrading the addons in database '$DB_NAME'"
    odoo -d "$DB_NAME" -u "$ADDONS" "${lang_args[@]}" --stop-after-init --log-level=warn
else
    say "Creating database '$DB_NAME' with demo data and the addons"
    odoo -d "$DB_NAME" -i "$ADDONS" "${lang_args[@]}" --stop-after-init --log-level=warn
fi
say "Languages loaded: $(psql -d "$DB_NAME" -Atqc "select string_agg(code, ', ' order by code) from res_lang where active")"

if [ "$WORKERS" -gt 0 ]; then
    say "Prefork mode: $WORKERS HTTP workers, 1 cron worker, bus (gevent) on port $GEVENT_PORT"
fi
say "Odoo is starting on http://localhost:$HTTP_PORT"
say "Log in as admin / admin (complaint manager), demo / demo (complaint specialist), wangfang / wangfang (complaint user, Chinese),"
say "portal / portal (customer) or lina / lina (customer, Chinese)."
launcher="$(odoo_launcher)"
[ -n "$launcher" ] || die "Neither Odoo's console script nor odoo-bin was found beside Odoo."
exec "$PYTHON" "$launcher" -c "$ODOO_CONF" -d "$DB_NAME" --db-filter="^$DB_NAME\$"
