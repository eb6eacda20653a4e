"""The SQLite store: schema, migrations, and the operations on the data.

One connection per thread (SQLite connections must not be shared), WAL so the
UI reads while the worker writes, synchronous=FULL so a power cut keeps every
committed memo, and short BEGIN IMMEDIATE write transactions.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from models.config import FILE_MODE, ensure_private_dir, home_dir
from models.domain import Goal, Note, NoteStatus, Observation, Session, Student
from models.errors import DiskFullError, SchemaTooNewError, StoreError

DB_NAME = "pushin.db"
BUSY_TIMEOUT_MS = 5000


def now_iso() -> str:
    """Local time with its UTC offset, to the second."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


# --- migrations -------------------------------------------------------------
# Each migration must be safe to run twice (a crash between the change and
# the version bump runs it again), so every step checks before it changes.


def _migrate_1(db: sqlite_utils.Database) -> None:
    db["students"].create(
        {"id": int, "name": str, "grade": str, "teacher": str, "created_at": str},
        pk="id",
        not_null={"name"},
        if_not_exists=True,
    )
    db["students"].create_index(["name"], unique=True, if_not_exists=True)
    db["goals"].create(
        {
            "id": int,
            "student_id": int,
            "code": str,
            "area": str,
            "text": str,
            "target": float,
            "measure": str,
            "strategy": str,
        },
        pk="id",
        not_null={"student_id", "code"},
        foreign_keys=[("student_id", "students", "id")],
        if_not_exists=True,
    )
    db["goals"].create_index(["code"], unique=True, if_not_exists=True)
    db["sessions"].create(
        {
            "id": int,
            "started_at": str,
            "ended_at": str,
            "setting": str,
            "teacher": str,
            "classroom": str,
            "activity": str,
            "format": str,
        },
        pk="id",
        not_null={"started_at", "setting"},
        if_not_exists=True,
    )
    db["session_students"].create(
        {"session_id": int, "student_id": int},
        pk=("session_id", "student_id"),
        foreign_keys=[("session_id", "sessions", "id"), ("student_id", "students", "id")],
        if_not_exists=True,
    )
    db["notes"].create(
        {
            "id": int,
            "created_at": str,
            "session_id": int,
            "status": str,
            "audio_file": str,
            "seconds_raw": float,
            "seconds_trimmed": float,
            "transcript_raw": str,
            "transcript": str,
            "model_name": str,
            "error": str,
            "reviewed_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"created_at", "status"},
        foreign_keys=[("session_id", "sessions", "id")],
        if_not_exists=True,
    )
    db["notes"].create_index(["status"], if_not_exists=True)
    db["observations"].create(
        {
            "id": int,
            "note_id": int,
            "session_id": int,
            "student_id": int,
            "goal_id": int,
            "data_type": str,
            "correct": int,
            "total": int,
            "count": int,
            "percent": float,
            "duration_seconds": float,
            "cue": str,
            "setting": str,
            "text": str,
            "confirmed": int,
            "source": str,
            "confidence": str,
            "created_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"student_id", "data_type", "created_at"},
        foreign_keys=[
            ("note_id", "notes", "id"),
            ("session_id", "sessions", "id"),
            ("student_id", "students", "id"),
            ("goal_id", "goals", "id"),
        ],
        if_not_exists=True,
    )
    db["observations"].create_index(["note_id"], if_not_exists=True)
    db["observations"].create_index(["student_id", "goal_id"], if_not_exists=True)
    db["audit"].create(
        {"id": int, "at": str, "table_name": str, "row_id": int, "action": str, "detail": str},
        pk="id",
        if_not_exists=True,
    )


def _migrate_2(db: sqlite_utils.Database) -> None:
    """IEP service minutes per student (for the minutes log) and indexes the exports query by."""
    columns = {c.name for c in db["students"].columns}
    for column in ("minutes_push_in_per_week", "minutes_pull_out_per_week"):
        if column not in columns:
            db.execute(f'ALTER TABLE students ADD COLUMN "{column}" INTEGER')
    db["sessions"].create_index(["started_at"], if_not_exists=True)
    db["session_students"].create_index(["student_id"], if_not_exists=True)
    db["observations"].create_index(["session_id"], if_not_exists=True)
    db["notes"].create_index(["session_id"], if_not_exists=True)


def _migrate_3(db: sqlite_utils.Database) -> None:
    """Words of a memo's model text the model was unsure of (see Note.doubtful_words)."""
    if "doubtful_words" not in {c.name for c in db["notes"].columns}:
        db.execute('ALTER TABLE notes ADD COLUMN "doubtful_words" TEXT')


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_migrate_1, _migrate_2, _migrate_3]
SCHEMA_VERSION = len(MIGRATIONS)


# --- rows to dataclasses ----------------------------------------------------


def _pick(cls: type, row: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in row.items() if k in names}


def note_from_row(row: dict[str, Any]) -> Note:
    return Note(**_pick(Note, row))


def observation_from_row(row: dict[str, Any]) -> Observation:
    values = _pick(Observation, row)
    values["confirmed"] = bool(values.get("confirmed"))
    values["text"] = values.get("text") or ""
    return Observation(**values)


class Store:
    """The pushin database and audio folder under one home folder."""

    def __init__(self, home: Path | None = None):
        self.home = ensure_private_dir(home or home_dir())
        self.audio_dir = ensure_private_dir(self.home / "audio")
        self.path = self.home / DB_NAME
        self._local = threading.local()
        self._migrate()

    # -- connections ---------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if not self.path.exists():
            # Create it private before SQLite does (SQLite gives -wal/-shm the same mode).
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                # Refuse before changing anything, journal mode included.
                conn.close()
                raise SchemaTooNewError(
                    f"{self.path} was written by a newer pushin (schema {version}; this one "
                    f"knows up to {SCHEMA_VERSION}). Upgrade pushin; the database was not changed."
                )
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot open the database: {error}") from error
        return conn

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection, wrapped by sqlite-utils for reads."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite_utils.Database(self._connect())
            self._local.db = db
        return db

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.conn.close()
            self._local.db = None

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A short write transaction; rolled back if the block raises."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise _store_error(error) from error
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            conn.execute("ROLLBACK")
            raise _store_error(error) from error

    def _migrate(self) -> None:
        db = self.db
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[number - 1](db)
            db.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # -- generic helpers -----------------------------------------------------

    @staticmethod
    def insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
        columns = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        cursor = conn.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(row.values()))
        return int(cursor.lastrowid)

    @staticmethod
    def update(conn: sqlite3.Connection, table: str, row_id: int, changes: dict[str, Any]) -> None:
        sets = ", ".join(f'"{c}" = ?' for c in changes)
        conn.execute(f'UPDATE "{table}" SET {sets} WHERE id = ?', [*changes.values(), row_id])

    @staticmethod
    def audit(
        conn: sqlite3.Connection, table: str, row_id: int | None, action: str, detail: dict | None = None
    ) -> None:
        """Append what changed to the audit table (never updated, never deleted)."""
        Store.insert(
            conn,
            "audit",
            {"at": now_iso(), "table_name": table, "row_id": row_id, "action": action,
             "detail": json.dumps(detail or {}, ensure_ascii=False, default=str)},
        )

    @staticmethod
    def change(conn: sqlite3.Connection, table: str, row_id: int, action: str, changes: dict[str, Any],
               detail: dict | None = None) -> None:
        """Update one row and audit it (the detail is the changes unless given), in the caller's transaction."""
        Store.update(conn, table, row_id, changes)
        Store.audit(conn, table, row_id, action, changes if detail is None else detail)

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params))

    def _row(self, table: str, row_id: int, what: str) -> dict[str, Any]:
        """The row with this id, or StoreError naming what is missing."""
        rows = self.rows(f'SELECT * FROM "{table}" WHERE id = ?', [row_id])
        if not rows:
            raise StoreError(f"no {what} with id {row_id}")
        return rows[0]

    # -- caseload ------------------------------------------------------------

    def students(self) -> list[Student]:
        goals: dict[int, list[Goal]] = {}
        for row in self.rows("SELECT * FROM goals ORDER BY code"):
            goals.setdefault(row["student_id"], []).append(
                Goal(**{**_pick(Goal, row), "strategy": row.get("strategy") or "",
                        "area": row.get("area") or "", "text": row.get("text") or ""})
            )
        return [
            Student(id=r["id"], name=r["name"], grade=r["grade"] or "", teacher=r["teacher"] or "",
                    goals=tuple(goals.get(r["id"], ())))
            for r in self.rows("SELECT * FROM students ORDER BY name")
        ]

    def student(self, student_id: int) -> Student | None:
        return next((s for s in self.students() if s.id == student_id), None)

    def goal(self, goal_id: int) -> Goal | None:
        return next((g for s in self.students() for g in s.goals if g.id == goal_id), None)

    def set_iep_minutes(self, student_id: int, *, push_in: int | None, pull_out: int | None) -> None:
        """The student's weekly IEP service minutes by setting (None: not set)."""
        changes = {"minutes_push_in_per_week": push_in, "minutes_pull_out_per_week": pull_out}
        with self.write() as conn:
            self.change(conn, "students", student_id, "iep-minutes", changes)

    def iep_minutes(self) -> dict[int, tuple[int | None, int | None]]:
        """Student id -> (push-in, pull-out) weekly IEP minutes."""
        return {r["id"]: (r["minutes_push_in_per_week"], r["minutes_pull_out_per_week"]) for r in self.rows(
            "SELECT id, minutes_push_in_per_week, minutes_pull_out_per_week FROM students")}

    # -- notes ---------------------------------------------------------------

    def audio_path(self, note_id: int) -> Path:
        """The memo as captured or imported (never trimmed, never renamed)."""
        return self.audio_dir / f"{note_id}.wav"

    def trimmed_audio_path(self, note_id: int) -> Path:
        """The memo after VAD trimming: what the model hears and the SLP plays."""
        return self.audio_dir / f"{note_id}.trim.wav"

    def create_note(self, *, session_id: int | None = None, audio_file: str | None = None,
                    status: str = NoteStatus.RECORDING) -> Note:
        with self.write() as conn:
            note_id = self.insert(conn, "notes", {"created_at": now_iso(), "session_id": session_id,
                                                  "status": status, "audio_file": audio_file})
            self.audit(conn, "notes", note_id, "create", {"status": status})
        return self.note(note_id)

    def note(self, note_id: int) -> Note:
        return note_from_row(self._row("notes", note_id, "memo"))

    def notes(self, status: str | None = None, *, include_deleted: bool = False) -> list[Note]:
        where, params = ["1 = 1"], []
        if status:
            where.append("status = ?")
            params.append(status)
        if not include_deleted:
            where.append("deleted_at IS NULL")
        sql = f"SELECT * FROM notes WHERE {' AND '.join(where)} ORDER BY id"
        return [note_from_row(r) for r in self.rows(sql, params)]

    def update_note(self, note_id: int, action: str = "update", **changes: Any) -> Note:
        with self.write() as conn:
            self.change(conn, "notes", note_id, action, changes)
        return self.note(note_id)

    def reread_transcript(self, note_id: int, expected: str, text: str, doubtful: Sequence[str] = ()) -> bool:
        """Replace the model's text with a better reading, unless a person edited or deleted the memo
        meanwhile; `doubtful` words of it join the memo's doubtful_words."""
        with self.write() as conn:
            row = conn.execute("SELECT doubtful_words FROM notes WHERE id = ? AND transcript IS NULL "
                               "AND transcript_raw = ? AND deleted_at IS NULL", [note_id, expected]).fetchone()
            if row is None:
                return False
            changes: dict[str, Any] = {"transcript_raw": text}
            if doubtful:
                known = json.loads(row[0]) if row[0] else []
                changes["doubtful_words"] = json.dumps(list(dict.fromkeys([*known, *doubtful])))
            self.change(conn, "notes", note_id, "reread", changes)
        return True

    def claim_next_pending(self) -> Note | None:
        """Atomically move the oldest pending memo to transcribing."""
        with self.write() as conn:
            row = conn.execute(
                "SELECT id FROM notes WHERE status = ? AND deleted_at IS NULL ORDER BY id LIMIT 1",
                [NoteStatus.PENDING],
            ).fetchone()
            if row is None:
                return None
            self.update(conn, "notes", row[0], {"status": NoteStatus.TRANSCRIBING})
        return self.note(row[0])

    def requeue_interrupted_transcriptions(self) -> int:
        """A memo left 'transcribing' by a crash goes back to the queue."""
        with self.write() as conn:
            cursor = conn.execute("UPDATE notes SET status = ? WHERE status = ?",
                                  [NoteStatus.PENDING, NoteStatus.TRANSCRIBING])
            return cursor.rowcount

    # -- sessions ------------------------------------------------------------

    def start_session(self, *, setting: str, teacher: str = "", classroom: str = "", activity: str = "",
                      format: str = "", student_ids: tuple[int, ...] = (), started_at: str | None = None) -> Session:
        with self.write() as conn:
            session_id = self.insert(conn, "sessions", {
                "started_at": started_at or now_iso(), "setting": setting, "teacher": teacher,
                "classroom": classroom, "activity": activity, "format": format})
            for student_id in student_ids:
                self.insert(conn, "session_students", {"session_id": session_id, "student_id": student_id})
            self.audit(conn, "sessions", session_id, "start", {"setting": setting, "students": list(student_ids)})
        return self.session(session_id)

    def end_session(self, session_id: int, ended_at: str | None = None) -> Session:
        with self.write() as conn:
            self.update(conn, "sessions", session_id, {"ended_at": ended_at or now_iso()})
            self.audit(conn, "sessions", session_id, "end")
        return self.session(session_id)

    def session(self, session_id: int) -> Session:
        row = self._row("sessions", session_id, "session")
        present = tuple(r["student_id"] for r in self.rows(
            "SELECT student_id FROM session_students WHERE session_id = ? ORDER BY student_id", [session_id]))
        return Session(**{**_pick(Session, row), "student_ids": present,
                          **{k: row[k] or "" for k in ("teacher", "classroom", "activity", "format")}})

    def sessions(self) -> list[Session]:
        return [self.session(r["id"]) for r in self.rows("SELECT id FROM sessions ORDER BY started_at, id")]

    def classrooms_by_teacher(self) -> dict[str, str]:
        """Each teacher's classroom as the latest session with both gave it."""
        return {r["teacher"]: r["classroom"] for r in self.rows(
            "SELECT teacher, classroom FROM sessions WHERE teacher != '' AND classroom != '' "
            "ORDER BY started_at, id")}

    def open_sessions(self) -> list[Session]:
        return [self.session(r["id"]) for r in self.rows("SELECT id FROM sessions WHERE ended_at IS NULL ORDER BY id")]

    # -- observations ----------------------------------------------------------

    def add_observation(self, *, student_id: int, data_type: str, source: str = "suggested",
                        confirmed: bool = False, confidence: dict | None = None, **values: Any) -> Observation:
        row = {"student_id": student_id, "data_type": data_type, "source": source,
               "confirmed": int(confirmed), "created_at": now_iso(),
               "confidence": json.dumps(confidence) if confidence else None, **values}
        with self.write() as conn:
            obs_id = self.insert(conn, "observations", row)
            self.audit(conn, "observations", obs_id, "create", row)
        return self.observation(obs_id)

    def observation(self, obs_id: int) -> Observation:
        return observation_from_row(self._row("observations", obs_id, "observation"))

    def observations(self, *, note_id: int | None = None, student_id: int | None = None,
                     goal_id: int | None = None, session_id: int | None = None,
                     confirmed: bool | None = None) -> list[Observation]:
        where, params = ["deleted_at IS NULL"], []
        for column, value in (("note_id", note_id), ("student_id", student_id),
                              ("goal_id", goal_id), ("session_id", session_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if confirmed is not None:
            where.append("confirmed = ?")
            params.append(int(confirmed))
        sql = f"SELECT * FROM observations WHERE {' AND '.join(where)} ORDER BY id"
        return [observation_from_row(r) for r in self.rows(sql, params)]

    def update_observation(self, obs_id: int, action: str = "update", **changes: Any) -> Observation:
        if "confirmed" in changes:
            changes["confirmed"] = int(changes["confirmed"])
        with self.write() as conn:
            self.change(conn, "observations", obs_id, action, changes)
        return self.observation(obs_id)

    def delete_observation(self, obs_id: int) -> None:
        """Soft delete, so an undo can bring it back and the audit stays whole."""
        self.update_observation(obs_id, "delete", deleted_at=now_iso())


def _store_error(error: sqlite3.OperationalError) -> Exception:
    if "full" in str(error).lower():
        return DiskFullError(f"the disk is full: the database could not be written ({error})")
    return StoreError(f"database error: {error}")
