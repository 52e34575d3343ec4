"""Database chores for the test environment, run with the venv's Python (it has psycopg2).

    databases.py create ADMIN_URI NAME...   create fresh PostgreSQL databases
    databases.py drop ADMIN_URI NAME...     drop them (WITH (FORCE): closes open sessions)
    databases.py query URI SQL [PARAM...]   run one statement; print the rows as JSON

URI is a libpq URI (postgresql://user@host:port/db; a SQLAlchemy +driver suffix is dropped) or
sqlite:///absolute/path. Parameters use
the driver's placeholder style (%s for PostgreSQL, ? for SQLite). Errors go to stderr with
exit status 1.
"""

import json
import re
import sqlite3
import sys

import psycopg2
from psycopg2 import sql


def connect_admin(admin_uri):
    connection = psycopg2.connect(admin_uri, connect_timeout=5)
    # CREATE/DROP DATABASE cannot run inside a transaction block.
    connection.autocommit = True
    return connection


def run_admin(admin_uri, template, names):
    connection = connect_admin(admin_uri)
    try:
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(sql.SQL(template).format(sql.Identifier(name)))
    finally:
        connection.close()


def query(uri, statement, parameters):
    if uri.startswith("sqlite:///"):
        connection = sqlite3.connect(uri[len("sqlite:///") :])
    else:
        # SQLAlchemy spellings such as postgresql+psycopg2:// are not libpq URIs.
        libpq_uri = re.sub(r"^postgres(ql)?\+\w+://", "postgresql://", uri)
        connection = psycopg2.connect(libpq_uri, connect_timeout=5)
    try:
        cursor = connection.cursor()
        cursor.execute(statement, parameters)
        rows = cursor.fetchall() if cursor.description else []
        connection.commit()
        return [list(row) for row in rows]
    finally:
        connection.close()


def main(arguments):
    if len(arguments) < 2 or arguments[0] not in ("create", "drop", "query"):
        print(__doc__, file=sys.stderr)
        return 2
    command, uri, *rest = arguments
    try:
        if command == "create":
            run_admin(uri, "CREATE DATABASE {}", rest)
        elif command == "drop":
            run_admin(uri, "DROP DATABASE IF EXISTS {} WITH (FORCE)", rest)
        else:
            print(json.dumps(query(uri, rest[0], rest[1:]), default=str))
    except (psycopg2.Error, sqlite3.Error, IndexError) as error:
        print(f"{type(error).__name__}: {str(error).strip()}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
