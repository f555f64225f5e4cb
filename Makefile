# Two commands set everything up: `make run` serves Odoo with the addons, `make test` runs every test.
DB_NAME ?= complaints
HTTP_PORT ?= 8069
WORKERS ?= 0
LANGS ?= zh_CN

.PHONY: run test lint
run:
	@DB_NAME="$(DB_NAME)" HTTP_PORT="$(HTTP_PORT)" WORKERS="$(WORKERS)" LANGS="$(LANGS)" bash tools/run.sh

test:
	@bash tools/test.sh

lint:
	@bash tools/lint.sh
