"""Backups of the registry and their restore: a consistent PostgreSQL dump plus the media files.

A backup is a directory holding

- `database.dump`: `pg_dump --format=custom` of the whole database, taken in one snapshot;
- `media.tar.gz`: every file under MEDIA_ROOT;
- `manifest.json`: when and from what it was taken, the tools' versions, the SHA-256 of both
  files, the applied migrations, and for every table its row count and a checksum of its rows,
  computed in the same snapshot as the dump.

It is taken as the role that owns the tables (the one that runs `migrate`), so that nothing is out
of its reach. The restore goes into an empty database (a non-empty one is refused unless forced),
in one transaction, then recomputes every table's checksum and compares it with the manifest: a
restore that does not give back every row exactly is reported as failed.

`pg_dump` / `pg_restore` come from PG_BIN_DIR when set, else from the PATH (the system's
postgresql-client) and the embedded pgserver package; the oldest one that can speak to the server
(and, to restore, read the archive) is used.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_DUMP = "database.dump"
MEDIA_ARCHIVE = "media.tar.gz"

# Every table of the registry's schemas: ordinary and partitioned, not the catalogues.
TABLES = """
    SELECT n.nspname, c.relname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp%%'
    ORDER BY 1, 2
"""
# Rows, and an order-independent checksum of their text: the sum of a 60-bit slice of each row's
# MD5 (a multiset hash; any changed, missing or extra row changes it).
TABLE_CHECKSUM = """
    SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)
    FROM {} AS t
"""


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Database:
    """Where to connect: libpq keywords (the password is passed in the environment)."""

    conninfo: str
    password: str
    name: str

    @classmethod
    def from_settings(cls, settings_dict: dict[str, Any]) -> "Database":
        keywords = {
            "dbname": settings_dict["NAME"],
            "host": settings_dict.get("HOST") or None,
            "port": settings_dict.get("PORT") or None,
            "user": settings_dict.get("USER") or None,
        }
        conninfo = make_conninfo(**{key: str(value) for key, value in keywords.items() if value})
        return cls(conninfo, settings_dict.get("PASSWORD") or "", settings_dict["NAME"])

    def connect(self, **kwargs: Any) -> psycopg.Connection:
        return psycopg.connect(self.conninfo, password=self.password or None, **kwargs)

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


# --- The PostgreSQL client programs --------------------------------------------------------------


def _candidates(program: str) -> list[Path]:
    explicit = os.environ.get("PG_BIN_DIR")
    if explicit:
        return [Path(explicit) / program]
    found = []
    on_path = shutil.which(program)
    if on_path:
        found.append(Path(on_path))
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset
            from pgserver import _commands

        found.append(Path(_commands.POSTGRES_BIN_PATH) / program)
    except Exception:  # noqa: S110 - pgserver absent or unusable: the PATH's only
        pass
    return [path for path in dict.fromkeys(found) if path.exists()]


def major_version(program: Path) -> int:
    output = subprocess.run(
        [str(program), "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"\(PostgreSQL\) (\d+)", output)
    if not match:
        raise BackupError(f"Cannot read the version of {program}: {output!r}")
    return int(match.group(1))


def client_program(program: str, *, at_least: int) -> tuple[Path, int]:
    """The oldest `program` of major version `at_least` or newer, and its version."""
    versions = sorted(
        ((major_version(path), path) for path in _candidates(program)), key=lambda item: item[0]
    )
    for major, path in versions:
        if major >= at_least:
            return path, major
    found = ", ".join(f"{path} ({major})" for major, path in versions) or "none"
    raise BackupError(
        f"{program} {at_least} or newer is needed (found: {found}). Install the PostgreSQL "
        f"client (Debian: apt-get install postgresql-client-{at_least}) or point PG_BIN_DIR at "
        "a directory holding it."
    )


def _run(command: list[str], database: Database, what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=database.environment())
    if result.returncode:
        raise BackupError(f"{what} failed ({result.returncode}):\n{result.stderr.strip()}")


def _one(conn: psycopg.Connection, query: Any) -> tuple[Any, ...]:
    row = conn.execute(query).fetchone()
    if row is None:
        raise BackupError(f"No answer to {query!r}")
    return tuple(row)


# --- Checksums -----------------------------------------------------------------------------------


def table_checksums(conn: psycopg.Connection) -> dict[str, dict[str, Any]]:
    """`schema.table` -> {"rows": n, "checksum": "…"} for every table, read in `conn`'s current
    transaction (in the backup, the dump's snapshot)."""
    conn.execute("SET LOCAL TimeZone = 'UTC'")
    conn.execute("SET LOCAL DateStyle = 'ISO, YMD'")
    conn.execute("SET LOCAL IntervalStyle = 'postgres'")
    conn.execute("SET LOCAL extra_float_digits = 1")
    sums = {}
    for schema, table in conn.execute(TABLES).fetchall():
        query = sql.SQL(TABLE_CHECKSUM).format(sql.Identifier(schema, table))
        rows, checksum = _one(conn, query)
        sums[f"{schema}.{table}"] = {"rows": rows, "checksum": str(checksum)}
    return sums


def differences(expected: dict[str, dict], found: dict[str, dict]) -> list[str]:
    """How the tables `found` differ from those `expected`, one line per table (tables found
    that were not expected are not differences: a forced restore leaves them alone)."""
    lines = []
    for table in sorted(expected):
        if table not in found:
            lines.append(f"{table}: missing")
        elif expected[table] != found[table]:
            lines.append(
                f"{table}: {found[table]['rows']} rows, checksum {found[table]['checksum']}; "
                f"the backup has {expected[table]['rows']} rows, {expected[table]['checksum']}"
            )
    return lines


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- Backup --------------------------------------------------------------------------------------


def backup(destination: Path, *, database: Database, media_root: Path) -> dict[str, Any]:
    """Write a backup into `destination` (a new or empty directory); return its manifest."""
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty; give a new directory.")
    destination.mkdir(parents=True, exist_ok=True)
    with database.connect() as conn:
        server = int(_one(conn, "SHOW server_version_num")[0]) // 10000
        conn.commit()
        pg_dump, dump_major = client_program("pg_dump", at_least=server)
        # One snapshot for the dump and the checksums: what the manifest describes is what the
        # dump holds, while the registry keeps answering and writing.
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = _one(conn, "SELECT pg_export_snapshot()")[0]
        _run(
            [
                str(pg_dump),
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={destination / DATABASE_DUMP}",
                f"--dbname={database.conninfo}",
            ],
            database,
            "pg_dump",
        )
        sums = table_checksums(conn)
        migrations = [
            f"{app}.{name}"
            for app, name in conn.execute(
                "SELECT app, name FROM django_migrations ORDER BY app, name"
            ).fetchall()
        ]
        conn.rollback()
    media = _archive_media(media_root, destination / MEDIA_ARCHIVE)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": {
            "name": database.name,
            "server_major_version": server,
            "pg_dump_major_version": dump_major,
            "file": DATABASE_DUMP,
            "sha256": _sha256(destination / DATABASE_DUMP),
        },
        "media": media,
        "migrations": migrations,
        "tables": sums,
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def _archive_media(media_root: Path, archive: Path) -> dict[str, Any]:
    files = _media_files(media_root)
    with tarfile.open(archive, "w:gz") as tar:
        for path in files:
            tar.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
    return {
        "file": MEDIA_ARCHIVE,
        "sha256": _sha256(archive),
        "files": len(files),
        "bytes": sum(path.stat().st_size for path in files),
    }


# --- Restore -------------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{source} holds no {MANIFEST}: not a registry backup.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: backup format {manifest.get('format')!r} is not {FORMAT}.")
    for part in (manifest["database"], manifest["media"]):
        path = source / part["file"]
        if not path.is_file() or _sha256(path) != part["sha256"]:
            raise BackupError(f"{path} is missing or damaged (its SHA-256 is not the manifest's).")
    return manifest


def existing_tables(database: Database) -> int:
    with database.connect() as conn:
        return len(conn.execute(TABLES).fetchall())


def restore(
    source: Path, *, database: Database, media_root: Path, force: bool = False
) -> dict[str, Any]:
    """Restore the backup in `source` into `database` and `media_root`; return its manifest,
    with the tables the database has beyond it under "not_in_backup".

    Refuses a database that has tables, or a media directory that has files, unless `force`:
    then the objects the backup holds are dropped and created again, and its files written over
    those present. The database part is one transaction: on any error nothing is changed.
    Afterwards every table's checksum is compared with the manifest's."""
    manifest = read_manifest(source)
    tables = existing_tables(database)
    present = _media_files(media_root)
    if not force and (tables or present):
        held = [f"{tables} table{'s' if tables > 1 else ''} in {database.name}"] if tables else []
        held += [f"{len(present)} file{'s' if len(present) > 1 else ''} in {media_root}"] * bool(
            present
        )
        raise BackupError(
            f"Refusing to restore over {' and '.join(held)}: restore into an empty database "
            "(createdb, then point DATABASE_URL at it) or force it (--force, or make's FORCE=1: "
            "what the backup holds is dropped and created again)."
        )
    with database.connect() as conn:
        server = int(_one(conn, "SHOW server_version_num")[0]) // 10000
    dumped_with = manifest["database"]["pg_dump_major_version"]
    pg_restore, _major = client_program("pg_restore", at_least=max(server, dumped_with))
    command = [
        str(pg_restore),
        "--no-owner",  # the restoring role (the owner) owns everything
        "--no-acl",  # grants are given again by grant_application_role
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={database.conninfo}",
    ]
    if force and tables:
        command += ["--clean", "--if-exists"]
    _run([*command, str(source / manifest["database"]["file"])], database, "pg_restore")
    _extract_media(source / manifest["media"]["file"], media_root)
    with database.connect() as conn:
        found = table_checksums(conn)
    mismatches = differences(manifest["tables"], found)
    if mismatches:
        raise BackupError(
            "The restored database differs from the backup:\n  " + "\n  ".join(mismatches)
        )
    return {**manifest, "not_in_backup": sorted(set(found) - set(manifest["tables"]))}


def _extract_media(archive: Path, media_root: Path) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as scratch:
        # The "data" filter refuses absolute paths, links out of the tree and special files.
        tar.extractall(scratch, filter="data")
        for path in sorted(Path(scratch).rglob("*")):
            target = media_root / path.relative_to(scratch)
            if path.is_dir():
                target.mkdir(exist_ok=True)
            else:
                shutil.copy2(path, target)


def forget_cached_answers() -> int:
    """Delete the cache's keys in Redis (pages, API answers, generations, rate-limit counters),
    which describe the database as it was before the restore; Celery's queues are left alone.
    Returns how many were deleted; Redis being down is not an error (the entries expire)."""
    from django.core.cache import caches
    from redis.exceptions import RedisError

    from registry.core.cache_client import redis_client

    prefix = caches["default"].key_prefix
    try:
        client = redis_client()
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
    except RedisError:
        return 0
    return len(keys)
