"""The live memo list: each memo at once with its status, then its transcript."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Label, ListItem, ListView

from models.domain import Note, NoteStatus

# The UI's own state between "stopped" and "pending": the thread is trimming.
TRIMMING = "trimming"

STATUS_STYLE = {
    NoteStatus.RECORDING: "bold red",
    TRIMMING: "yellow",
    NoteStatus.PENDING: "yellow",
    NoteStatus.TRANSCRIBING: "cyan",
    NoteStatus.NO_SPEECH: "dim italic",
    NoteStatus.FAILED: "bold red",
    NoteStatus.TRANSCRIBED: "",
}


def memo_text(note: Note, status: str | None = None) -> Text:
    """'#12 10:42 <transcript>' once transcribed, else '#12 10:42 [pending]'."""
    status = status or note.status
    text = Text()
    text.append(f"#{note.id} ", style="bold")
    text.append(_hhmm(note.created_at) + " ", style="dim")
    if note.session_id is None:
        text.append("· ", style="dim")
    if status == NoteStatus.TRANSCRIBED and note.text:
        text.append(note.text)
    elif status == NoteStatus.TRANSCRIBED:
        text.append("(no words)", style="dim italic")
    else:
        label = status
        if status == NoteStatus.NO_SPEECH:
            label = "speech, no words made out" if note.words_not_made_out else "no speech"
        text.append(f"[{label}]", style=STATUS_STYLE.get(status, ""))
        if status == NoteStatus.FAILED and note.error:
            text.append(f" {note.error}", style="red")
    return text


def _hhmm(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%H:%M")
    except ValueError:
        return iso[:5]


class MemoItem(ListItem):
    DEFAULT_CSS = """
    MemoItem > Label { width: 1fr; }
    """

    def __init__(self, note: Note, status: str | None = None):
        self.note = note
        self.status = status or note.status
        super().__init__(Label(memo_text(note, self.status), markup=False), id=f"memo-{note.id}")

    def show(self, note: Note, status: str | None = None) -> None:
        self.note = note
        self.status = status or note.status
        self.query_one(Label).update(memo_text(note, self.status))


class MemoList(ListView):
    """Newest first. update_note() adds or refreshes one memo in place."""

    DEFAULT_CSS = """
    MemoList { height: 1fr; border: round $secondary; }
    MemoList:focus { border: round $accent; }
    """

    BORDER_TITLE = "Memos"

    def item(self, note_id: int) -> MemoItem | None:
        found = self.query(f"#memo-{note_id}")
        return found.first(MemoItem) if found else None

    def update_note(self, note: Note, status: str | None = None) -> None:
        item = self.item(note.id)
        if item is None:
            self.insert(0, [MemoItem(note, status)])
            self.index = 0
        else:
            item.show(note, status)
        self.border_subtitle = f"{len(self)} shown"

    def status_of(self, note_id: int) -> str | None:
        item = self.item(note_id)
        return item.status if item else None
