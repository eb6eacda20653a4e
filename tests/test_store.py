"""The store on a real SQLite file: pragmas, privacy, migrations."""

import sqlite3
import stat

import pytest

from models.domain import NoteStatus
from models.errors import SchemaTooNewError
from models.store import MIGRATIONS, SCHEMA_VERSION, Store


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_fresh_store_is_private_and_durable(tmp_path):
    store = Store(tmp_path / "home")
    store.create_note()
    assert mode(store.home) == 0o700
    assert mode(store.audio_dir) == 0o700
    assert mode(store.path) == 0o600
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    wal = store.path.with_name(store.path.name + "-wal")
    assert wal.exists() and mode(wal) == 0o600


def test_reopening_keeps_data_and_version(tmp_path):
    store = Store(tmp_path)
    note = store.create_note(audio_file="memo.wav")
    store.close()
    again = Store(tmp_path)
    assert again.schema_version == SCHEMA_VERSION
    assert again.note(note.id).audio_file == "memo.wav"


def test_migrations_can_run_twice(tmp_path):
    store = Store(tmp_path)
    store.create_note()
    for migration in MIGRATIONS:
        migration(store.db)
    assert [n.id for n in store.notes()] == [1]


def test_older_database_is_upgraded(tmp_path):
    path = tmp_path / "pushin.db"
    sqlite3.connect(path).execute("PRAGMA user_version = 0").connection.close()
    store = Store(tmp_path)
    assert store.schema_version == SCHEMA_VERSION
    assert "notes" in store.db.table_names()


def test_newer_database_is_refused_untouched(tmp_path):
    path = tmp_path / "pushin.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match="newer pushin"):
        Store(tmp_path)
    assert path.read_bytes() == before


def test_failed_write_rolls_back(tmp_path):
    store = Store(tmp_path)
    with pytest.raises(RuntimeError), store.write() as conn:
        store.insert(conn, "notes", {"created_at": "x", "status": NoteStatus.PENDING})
        raise RuntimeError("boom")
    assert store.notes() == []


def test_claim_next_pending_is_oldest_first_and_exclusive(tmp_path):
    store = Store(tmp_path)
    first = store.create_note(status=NoteStatus.PENDING)
    second = store.create_note(status=NoteStatus.PENDING)
    assert store.claim_next_pending().id == first.id
    assert store.claim_next_pending().id == second.id
    assert store.claim_next_pending() is None
    assert store.requeue_interrupted_transcriptions() == 2
    assert {n.status for n in store.notes()} == {NoteStatus.PENDING}


def test_every_change_is_audited(tmp_path):
    store = Store(tmp_path)
    note = store.create_note()
    store.update_note(note.id, transcript="edited")
    actions = [r["action"] for r in store.rows("SELECT action FROM audit WHERE table_name = 'notes'")]
    assert actions == ["create", "update"]


def test_each_teachers_classroom_is_the_one_her_latest_session_gave(tmp_path):
    store = Store(tmp_path / "home")
    store.start_session(setting="push-in", teacher="Ms Lee", classroom="Room 12", started_at="2026-09-01T09:00:00")
    store.start_session(setting="push-in", teacher="Mr Ray", started_at="2026-09-02T09:00:00")  # no room given
    store.start_session(setting="push-in", teacher="Ms Lee", classroom="Room 4", started_at="2026-09-03T09:00:00")
    store.start_session(setting="pull-out", classroom="Speech room", started_at="2026-09-04T09:00:00")  # no teacher
    assert store.classrooms_by_teacher() == {"Ms Lee": "Room 4"}
