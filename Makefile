# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
.PHONY: run test lint lib-test bench

## Run the product: PostgreSQL, Mega ERP simulator, Odoo 19 + portal_operations + demo at :8069
run:
	bash scripts/run.sh

## Run every test: library tests and the Odoo tests on throwaway databases
test:
	bash scripts/test.sh

## Only the linters: ruff, pylint-odoo (every odoolint check) and shellcheck
lint:
	bash -c 'source scripts/common.sh && ensure_project_venv && run_lint'

## Only the mega_erp library tests (no Odoo needed)
lib-test:
	bash -c 'source scripts/common.sh && ensure_project_venv && "$$PY" -m pytest tests -q -p no:odoo'

## The library benchmark, quick (the Odoo ones need a database: see bench/README.md)
bench:
	bash -c 'source scripts/common.sh && ensure_project_venv && "$$PY" bench/bench_mega_client.py --quick'
