"""Model resolution, one warm faster-whisper model, and the transcription job queue.

Importing any part of this package pins CTranslate2's CPU kernels (see
transcribe.kernels) before faster-whisper can load it, so a memo reads the
same on every machine.
"""

from transcribe.kernels import pin_cpu_kernels

pin_cpu_kernels()
