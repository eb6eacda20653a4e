"""One error hierarchy. Every failure a user can cause or meet is a PushinError
with a message written for them; the command line and the UI show `str(error)`
in one place each."""


class PushinError(Exception):
    """Base of every error pushin reports to a person."""


class StoreError(PushinError):
    """The database cannot be opened or used."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer pushin."""


class CaseloadError(PushinError):
    """A caseload CSV has bad rows; `problems` lists them by line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("caseload not imported:\n" + "\n".join(problems))


class AudioError(PushinError):
    """An audio file cannot be used (empty, corrupt, too long, unreadable)."""


class MicrophoneError(PushinError):
    """No input device, PortAudio missing, or the device vanished."""


class ModelError(PushinError):
    """The speech model cannot be found, verified or loaded."""


class DiskFullError(PushinError):
    """Writing failed because the disk is full."""
