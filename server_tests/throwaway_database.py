# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The databases the server tests make for themselves (PostgreSQL as the PG* variables
say, as scripts/test.sh's): dropped before and after each test module."""

import psycopg2


def drop_database(name):
    connection = psycopg2.connect(dbname="postgres")
    connection.autocommit = True  # DROP DATABASE runs outside a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        connection.close()
