# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The databases the server tests make for themselves (PostgreSQL as the PG* variables
say, as scripts/test.sh's): dropped before and after each test module."""

import psycopg2
import pytest


def drop_database(name):
    connection = psycopg2.connect(dbname="postgres")
    connection.autocommit = True  # DROP DATABASE runs outside a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        connection.close()


def throwaway_database(name):
    """A module's fixture (``database = throwaway_database(DB)``): the database ``name``,
    dropped before the module's tests and after them."""

    @pytest.fixture(scope="module")
    def database():
        drop_database(name)
        yield name
        drop_database(name)

    return database
