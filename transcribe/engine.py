"""One warm faster-whisper model and the way pushin asks it for text.

The model is loaded once (optionally in a background thread so the UI opens at
once) and reused for every memo. Decoding is tuned for short dictated memos on
a two-core laptop: int8 weights, the memo's trimmed audio only, one 30 s
window without timestamps, and beam search alone, so the same memo always
reads the same. Plain faster-whisper retries each noisy window by sampling at
up to six temperatures, and that is where its time goes; a segment that
scores badly, or that the model itself flags as no speech, is dropped, and a
loop is read again with no word pair repeated. The caseload bias
(transcribe.bias) spells names right; a name the bias alone put in the text
is caught by a cheap second, unbiased decode that reuses the encoder output.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import os
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from models.config import Config
from models.errors import ModelError
from tagging.cues import named_support, support_candidates
from tagging.names import heard_by_ear, opens_on_someone_else
from tagging.numbers import (
    count_before_of_span,
    count_soundalike_slots,
    end_slots,
    items_slots,
    lost_count_span,
    lost_count_spans,
    lost_its_score,
    measure_strength,
    score_slots,
    score_soundalike_slots,
    score_unit_is_sure,
    scores_around_numbers,
    spell_score,
    states_more,
    states_only,
)
from transcribe.bias import SCORE_EXAMPLES, Bias
from transcribe.model_source import ModelSource, resolve_model
from transcribe.readings import (
    called_names,
    collapse_loops,
    lowered_after_name,
    onto_whole,
    opened_as,
    pick_measured,
    reads_past_loop,
    rejoin,
    scored_stretches_blanked,
    splice_score,
)

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
FRAMES_PER_SECOND = 100  # Whisper's log-mel frames
N_FRAMES = 3000  # one 30 s window
WINDOW_SECONDS = N_FRAMES // FRAMES_PER_SECOND


@dataclass
class TranscribeOptions:
    """How the model decodes a memo.

    beam_size: beams searched at temperature 0; more is slower, rarely better on memos.
    temperatures: the fallback schedule. The next temperature is tried only when the
        text looks like a loop (compression ratio) or the model is unsure (log prob).
        (0.0,), beam search alone, so a memo reads the same every time it is transcribed:
        CTranslate2 samples from a generator seeded once per thread, so a sampled fallback
        (0.4 before) read a looping or unsure memo differently from one run to the next, and
        the review, the tests and the benchmarks with it. Measured over the 681 espeak memos of
        the devset and unseen1-42 (beside (0.0, 0.4), same code): 8 memos read otherwise, 7
        of them in 5 dB noise where the samples differ run to run anyway; field for field, 2926
        right before and 2919 after, 5 of the 7 in one quiet memo whose letter loop the
        sample had dodged (now collapsed and read again: see collapse_loops).
    compression_ratio_threshold: gzip ratio above which text is a repetition loop.
    log_prob_threshold: mean token log-probability below which a decode is retried,
        and (with no_speech_threshold) below which a segment counts as no speech.
    no_speech_threshold: the model's own no-speech probability above which a
        low-confidence segment is dropped.
    min_avg_logprob: a segment below this mean log-probability is dropped even when
        the model does not flag it as silence: it is babble, not dictation.
    condition_on_previous_text: feed a window's text into the next one. Off: memos
        are one window long, and on noise it spreads one error into the next.
    bias: "prompt" (the caseload as an initial prompt), "hotwords", "both" or "none".
    language: the spoken language; fixed so the multilingual model skips detection.
    cpu_threads: CTranslate2 threads; 0 uses every core.
    compute_type: CTranslate2 weights type; int8 is fastest and smallest on a CPU.
    max_new_tokens: cap on tokens per window, so a loop cannot run for long.
    min_window_seconds: Whisper encodes 30 s windows, padding a short memo with
        silence; the encoder (CTranslate2 takes shorter input) costs in
        proportion to the window, so a memo is encoded in a window of its own
        length, at least this long. 0 (the default) keeps the 30 s window:
        shorter windows are twice as fast but hear fewer names (measured).
    check_names: a caseload name in the biased text must also be heard by a quick
        unbiased decode (compared letter by letter). A name it does not hear is
        kept but reported doubtful (the suggestion marks its student uncertain):
        tiny.en often mangles a name unprompted ("Action" for Jackson) that the
        prompt helped it hear. When the unbiased decode hears nothing at all,
        the names came from the prompt alone and are dropped.
    check_names_below: the check runs only when the biased decode's mean token
        log-probability is below this: a confident decode heard its names.
    measure_margin: the beam search keeps `beam_size` hypotheses; one that says a
        measurement ("six of eight") the best one garbled ("sick, surveyed") is
        taken instead when its mean token log-probability is within this of the
        best's. 0 always takes the best. Such near-ties are where tiny.en loses
        the numbers an SLP dictates. Between equal measurements, one that names
        the support given ("after I modeled") is taken over a garble of it.
    tail_margin: as measure_margin, for a hypothesis that reads on past the end of the best one
        and says a measurement or support there that the best lacks ("...for B.L." read on as
        "...for B.L. I got two of six."): in noise the beam often ends a memo before the score
        or support an SLP says last, scoring the short reading higher merely for leaving the
        uncertain words out. Measured on the first readings of 698 memos of unseen1-23 (espeak
        and Piper): 6 had such a hypothesis, all at 15 dB and all reading on to what was said,
        0.017 to 0.274 below the best; none further below said a measurement or support.
    reread_lost_scores: a memo whose text speaks of a score ("intervals", "out of")
        but states none, or whose suggested observation waits for its score, is read
        again with example scores in the prompt; the second reading is kept when it
        states a score and names the same students.
    score_margin: how much less likely (nats, as for name_margin) a text with a lost
        score weighed back in before "correct(ly)" may be than the text without it (before
        "intervals" or "trials" a score was surely said). Measured on espeak memos:
        texts with a lost score weighed back scored from 3.2 below to 29 above the
        garbled text, while "correctly" said with no score ("pronounced the word
        spaghetti correctly") scored 23 or more below.
    score_places: how many of the likeliest places and totals for a lost score (each
        tried first as "1 of B") have every count weighed in them.
    score_lead: a score the weighings found further below the text as read than score_margin (and within
        score_lead_margin of it) is still kept, when no weighing kept one, if it stands this far (nats) above
        every other score weighed in the same places: the words around it garbled, the audio still tells its
        numbers apart ("seek something" for "six of ten", 12.5 below the garble, 6.8 above any other score).
        Measured on 253 espeak memos of the devset and unseen1-42 (quiet and 15 dB: each whose numbers the
        suggestion missed, and each tally or anecdotal one), over the 98 weighings that kept no score: the score
        said came out best in 12 memos, 5.3 to 7.9 clear of the rest in 4 of them (8.0 to 12.5 below the text
        as read), 4.2 or less in 8; a wrong score 6.1 clear in 1 (its said score came out best at another place),
        5.0 or less in every other, those of memos that said no score included. 0 turns it off.
    score_lead_margin: see score_lead.
    count_margin: how much less likely (nats, as for name_margin) a text with a count weighed in
        before "of" and the items scored ("the light of ten words" for "nine of ten words") may be
        than the text as read and still be kept. Measured on espeak memos: the lost counts came
        back 6.2 and 6.5 below the garble; in 7 memos where a word was said there ("each of ten
        words", "all of the 8 animals", "the pile of 10 cards", "a story of 10 words"), the best
        count scored 7.7 to 19 below (the quantity words among them are not tried at all).
    soundalike_count_margin: how much less likely a text with a tally's count put over the everyday word it
        sounds like ("so free request" read as "so three requests") may be than the text as read and still be
        kept (see Transcriber.weigh_soundalike_count). Measured on the saved transcripts of the devset,
        unseen1-42 (espeak and Piper) and an independently written set (90 espeak memos) that have such a
        place: the count said came back 1.8 above to 3.9 below the text as read in 9 memos, 5.0 and 7.6 below
        in 2 more; a wrong count came 3.9 below in one memo (one waiting for no score, so never weighed), 5.3
        to 15.3 below in the 5 others.
    score_soundalike_similarity: how much (0 to 1, tagging.numbers.sounds_like_a_score) words must sound like a
        score for weigh_score_soundalike to weigh one in their place; 0 turns it off. At 0.72 "free on fire"
        (0.86), "same anton" (0.78) and "six on rate" (0.80) are such places, and "with a gestural cue" (0.62)
        is none; the audio decides which score, if any, was said there.
    weigh_lost_names: a memo whose text names no student is weighed with each
        student's first name at its start (see Transcriber.weigh_lost_name): an SLP
        starts a memo with the name, and tiny.en often garbles it ("May it not reach
        anyone" for "Mia did not greet anyone"). See name_margin.
    name_margin: how much less likely (nats, the whole text's log-probability under
        the model, after the caseload prompt as in the reading) a text with a name put in
        may be than the first reading and still be kept. Measured on the 54 memos of 26
        espeak and Piper sets (quiet and 15 dB) whose first reading named no student: the
        right name came back in 28, all within 5.2; the nearest wrong name was 6.1 below,
        and the nearest name put into a memo that said none ("The whole class
        practiced...") 6.6 below. Scored without the prompt, the same margin gave 19 right
        and 5 wrong names. A kept name is reported doubtful.
    name_gap_margin, name_gap: a name less likely than name_margin allows is still kept when within
        name_gap_margin of the first reading and at least name_gap above every other name. Measured on
        the 79 memos of unseen1-21 (espeak and Piper) whose reading still named no student: the right
        name stood out from the next by 7.9 to 9.2 in 4 of them (5.9 to 8.0 below the reading); the
        widest lead of a wrong name, or of any name in a memo that said none, was 5.4.
    name_shortlist: with more students than this to try, only the names whose texts (the name
        before the first reading, or in place of its first words) score best without the prompt
        are read and scored after it (a caseload of 40: 18 s with every name read and scored
        after the prompt, 6.4 s this way). In those 54 memos the right name was among the best 5
        without the prompt, out of 5 to 7.
    loop_retry_ngram: a memo whose decode loops after real words ("beginning, middle,
        end, end, end, ...") at every temperature is decoded once more with no word
        pair allowed twice (faster-whisper's no_repeat_ngram_size): the loop took the
        window, and the words after it were never read. That reading is kept when it
        says more, keeps most of the loop's words and does not recite the caseload.
        0 keeps the collapsed loop.
    weigh_lost_support: a memo whose text names no support by its own words but has a place
        where an SLP says one ("he needed a guest, your look, you" for a gestural cue) is weighed
        with each support named there (see Transcriber.weigh_lost_support).
    support_unsure_below: the weighing runs only when the text as read fits the audio this
        badly (mean log-probability per token, scored against the audio without a prompt).
        Measured on 8 memos of the espeak and Piper sets: the 4 garbled supports scored -1.96
        to -2.99; the 4 that had a place for a support but named none ("with a peer twice at
        lunch") -0.45 to -1.01. On the 12 memos of unseen1-32 (espeak and Piper) whose reading
        still had such a place, 3 garbled supports scored -0.94 to -1.24 ("I gave her an
        additional" for "a gestural cue"); the margin below, not this gate, kept out the rest.
    support_margin: how much less likely (nats, as for name_margin) a text with a support put in
        may be than the text as read and still be kept. Measured over 22 espeak and Piper sets
        (11 each): the garbled supports came back from 4.1 below to 11.0 above the garble; in
        the memos that named none, the best support scored 6.8 or more below ("with a picture"
        for "with a peer"). On those 12 memos of unseen1-32 the 4 garbled supports the candidates
        name came back 4.8 to 6.4 below, every support put in where none was said 9.2 or more below.
    """

    beam_size: int = 5
    temperatures: tuple[float, ...] = (0.0,)
    compression_ratio_threshold: float = 2.4
    log_prob_threshold: float = -1.0
    no_speech_threshold: float = 0.6
    min_avg_logprob: float = -1.6
    condition_on_previous_text: bool = False
    bias: str = "prompt"
    language: str | None = "en"
    cpu_threads: int = 0
    compute_type: str = "int8"
    max_new_tokens: int | None = 160
    min_window_seconds: int = 0
    check_names: bool = True
    check_names_below: float = -0.3
    measure_margin: float = 0.06
    tail_margin: float = 0.3
    reread_lost_scores: bool = True
    score_margin: float = 8.0
    score_places: int = 3
    score_lead: float = 5.5
    score_lead_margin: float = 13.0
    count_margin: float = 7.0
    soundalike_count_margin: float = 4.5
    score_soundalike_similarity: float = 0.72
    weigh_lost_names: bool = True
    name_margin: float = 5.5
    name_gap_margin: float = 9.0
    name_gap: float = 6.0
    name_shortlist: int = 8
    loop_retry_ngram: int = 2
    weigh_lost_support: bool = True
    support_unsure_below: float = -0.9
    support_margin: float = 6.5


@dataclass(frozen=True)
class TranscriptResult:
    """What the model heard in one memo.

    text: the kept segments joined ("" when nothing was kept).
    segments_kept / segments_dropped: how many segments passed the no-speech filter.
    seconds: wall time spent decoding.
    model_name: the configured model that produced the text.
    doubtful_names: name words in the text that the model heard only with the
        caseload in its prompt (see TranscribeOptions.check_names).
    """

    text: str
    segments_kept: int
    seconds: float
    model_name: str
    segments_dropped: int = 0
    doubtful_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """A memo looked at again: its text, and the words in it the model was unsure of."""

    text: str
    doubtful: tuple[str, ...] = ()


@dataclass(frozen=True)
class NearScore:
    """A score a weighing found likeliest but did not keep: the reading with it put in, how far (nats) it scored
    below the text as read, and how far above the next likeliest score weighed in the same places."""

    reading: Reading
    below: float
    lead: float


def to_float32(samples: np.ndarray) -> np.ndarray:
    """16 kHz mono samples as float32 in [-1, 1], from int16 or float."""
    samples = np.asarray(samples)
    if samples.ndim > 1:
        samples = samples.reshape(-1)
    if samples.dtype == np.int16:
        return samples.astype(np.float32) / 32768.0
    return samples.astype(np.float32, copy=False)


def _lost_its_name(bias: Bias, text: str) -> bool:
    """True when `text` may have lost the name it opened on: it names no student, nor opens on someone else
    ("Teacher asked me...", where the name weighed in would make the teacher a student)."""
    return bool(bias.names) and not bias.names_in(text) and not opens_on_someone_else(text)


@dataclass
class Transcriber:
    """Owns one WhisperModel, loaded once.

    `load()` blocks; `load_in_background()` starts it in a thread and returns;
    `ready` is set when loading ends (well or badly) and `error` then holds the
    ModelError for the UI to show. `transcribe()` waits for the load.
    """

    config: Config
    home: Path
    options: TranscribeOptions = field(default_factory=TranscribeOptions)
    source: ModelSource | None = None
    ready: threading.Event = field(default_factory=threading.Event)
    error: ModelError | None = None
    load_seconds: float = 0.0
    _model: object = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def model_name(self) -> str:
        return self.source.name if self.source else (self.config.model or "tiny.en")

    def load(self) -> None:
        """Resolve, verify and load the model; raise ModelError if it cannot be used."""
        with self._lock:
            if self._model is not None:
                return
            if self.ready.is_set() and self.error is not None:
                raise self.error
            started = time.perf_counter()
            try:
                if self.source is None:
                    self.source = resolve_model(self.config, self.home)
                self._model = self._open(self.source)
            except ModelError as error:
                self.error = error
                raise
            except Exception as error:  # CTranslate2 raises RuntimeError/ValueError on a bad folder
                self.error = ModelError(f"the model {self.model_name!r} could not be loaded: {error}")
                raise self.error from error
            finally:
                self.load_seconds = time.perf_counter() - started
                self.ready.set()
            log.info("model %s loaded in %.1f s", self.model_name, self.load_seconds)

    def load_in_background(self) -> threading.Thread:
        def run() -> None:
            # A failure is kept in self.error for whoever waits on `ready`.
            with contextlib.suppress(ModelError):
                self.load()

        thread = threading.Thread(target=run, name="pushin-model-load", daemon=True)
        thread.start()
        return thread

    def _open(self, source: ModelSource):
        threads = self.options.cpu_threads or os.cpu_count() or 1
        model = _short_window_model()(
            source.path,
            device="cpu",
            compute_type=self.options.compute_type,
            cpu_threads=threads,
            download_root=source.download_root,
            local_files_only=source.local_files_only,
        )
        if self.options.measure_margin > 0:
            model.model = MeasurePreferringDecoder(model.model, model.hf_tokenizer, self.options.measure_margin,
                                                   self.options.tail_margin)
        return model

    def transcribe(self, samples: np.ndarray, bias: Bias | None = None) -> TranscriptResult:
        """Text for 16 kHz mono samples (int16 or float32); "" when nothing was said.

        With a bias, when the model is unsure of its text, a caseload name in
        it must also be heard without the bias (a quick greedy decode,
        compared letter by letter around the same place): a name the model
        only wrote because the prompt listed it is dropped.
        """
        if self._model is None:
            self.load()
        opts = self.options
        audio = to_float32(samples)
        started = time.perf_counter()
        if audio.size < SAMPLE_RATE // 10:
            return TranscriptResult("", 0, 0.0, self.model_name)
        bias = bias or Bias()
        kept, dropped, confidence = self._decode(audio, bias if opts.bias != "none" else None)
        text = " ".join(kept)
        if bias and bias.recites_names(text):
            log.info("the model recited the caseload; its names are dropped")
            text = bias.without_recitation(text)
        unsure = confidence < opts.check_names_below
        doubtful: tuple[str, ...] = ()
        if bias and opts.check_names and unsure and text and bias.names_in(text):
            plain, _, _ = self._decode(audio, None, beam_size=1, temperatures=(0.0,))
            unheard = bias.unsupported_names(text, " ".join(plain))
            if unheard and not plain:
                log.info("%d name(s) the model heard only with the prompt, and nothing without; dropped",
                         len(unheard))
                text = bias.drop_names(text, unheard)
            elif unheard:
                log.info("%d name(s) not heard without the prompt; kept as doubtful", len(unheard))
                doubtful = tuple(dict.fromkeys(unheard))
        if not text and (kept or dropped) and bias and opts.bias != "none":
            # The caseload prompt can tip the model into a reading it then drops as babble ("No, no, no." for a
            # clear memo of two students with unusual names) or that only recites the caseload ("Fatima Haddad,
            # Fatima Haddad"): speech the VAD heard is read once more without it, so it is not filed as silence.
            # A memo with nothing said seldom gets here (the VAD stops it before the model).
            kept, dropped, _ = self._decode(audio, None)
            text = " ".join(kept)
            if text:
                log.info("nothing left of the reading after the caseload prompt; read without it")
        seconds = time.perf_counter() - started
        return TranscriptResult(text, len(kept), seconds, self.model_name, dropped, doubtful)

    def wants_second_look(self, bias: Bias | None, text: str, awaited: frozenset[str] = frozenset()) -> bool:
        """True when second_look would look at this memo again: its text names no student, or it
        speaks of a score but states none, or what was suggested from it is data still waiting for
        its numbers (`awaited`: the data types waiting), or it has a place where a support is said but names none."""
        opts = self.options
        if not (bias and text and opts.bias in ("prompt", "both")):
            return False
        lost_name = opts.weigh_lost_names and _lost_its_name(bias, text)
        lost_support = opts.weigh_lost_support and bool(support_candidates(text, bias.name_words))
        return lost_name or lost_support or self._score_wanted(text, awaited) or self._count_wanted(awaited)

    def _score_wanted(self, text: str, awaited: frozenset[str]) -> bool:
        """True when second_look looks for a score in `text`: it speaks of one but states none, a suggestion
        from it waits for a score (any data type `awaited` but a tally's count), or a count may be lost before
        "of" and the items."""
        return self.options.reread_lost_scores and (
            bool(awaited - {"tally"}) or lost_its_score(text) or count_before_of_span(text) is not None)

    def _count_wanted(self, awaited: frozenset[str]) -> bool:
        """True when second_look looks for a tally's count: a suggestion waits for one."""
        return self.options.reread_lost_scores and "tally" in awaited

    def second_look(self, samples: np.ndarray, bias: Bias | None, text: str,
                    awaited: frozenset[str] = frozenset(), present: tuple[str, ...] = ()) -> Reading | None:
        """A second look at a memo from its first reading `text`; None when it finds nothing better.

        A text that names no student is weighed with a first name at its start (weigh_lost_name),
        of the students `present` (full names) in the memo's session when it has them.
        Then a text that speaks of a score but states none, or whose suggestion waits for its score
        (`awaited`: the data types of the suggestions waiting for their numbers), has it recovered
        (_weigh_numbers): when the text kept the score's shape but lost its count ("I out of 10"),
        every count in that place is weighed (weigh_lost_count), or before "of" and the items scored
        ("the light of ten words"), when the audio finds a count there about as likely
        (weigh_count_before_of); otherwise the memo is read again with example scores in the prompt,
        and that reading is kept when it states a score (where it lost a name or the support the
        first heard, only its score goes into the first reading, or nothing when a name was lost);
        failing that, the words where a whole score was lost before "intervals" or "trials" are
        weighed (weigh_lost_score), or those around the one number of a score the text kept
        (weigh_score_at_number), or the memo's last words, where an SLP most often says the score
        (weigh_score_at_end), or the words before the items it counts (weigh_score_before_items), or
        words that sound like a score (weigh_score_soundalike); when none of those kept its score,
        one that stands clear of every other score weighed in its places is
        (TranscribeOptions.score_lead), and failing that, a tally's count written as a word it sounds
        like is weighed back (weigh_soundalike_count). A memo waiting only for a tally's count is only
        read again (the examples include "three times") and has only that last weighing: a score
        weighed into it ("3 of 3" over "sit, I'm" for "six times") would file the tally as trials.
        In a memo of several students, the places are sought only in the stretches still waiting for
        their data (scored_stretches_blanked), and it is not read again (that reading would state the
        others' scores again). Last, a support garbled
        where one is said is weighed back (weigh_lost_support). A call of its own, not part of
        transcribe(), so the first reading can be shown meanwhile. A memo longer than one window
        (30 s) is not looked at again: each weighing scores the whole text against that window's
        audio, so for words said after it the weighing would put in a guess, not what was heard.
        """
        if not self.wants_second_look(bias, text, awaited):
            return None
        if samples.size > WINDOW_SECONDS * SAMPLE_RATE:
            log.info("a memo longer than %d s is left as first read", WINDOW_SECONDS)
            return None
        if self._model is None:
            self.load()
        audio = to_float32(samples)
        named = self.weigh_lost_name(audio, bias, text, present) if self.options.weigh_lost_names else None
        if named is not None:
            text = named.text
        scored = self._weigh_numbers(audio, bias, text, awaited)
        readings = [reading for reading in (named, scored) if reading is not None]
        if self.options.weigh_lost_support:
            supported = self.weigh_lost_support(audio, readings[-1].text if readings else text, bias.name_words)
            readings += [supported] if supported else []
        if not readings:
            return None
        return Reading(readings[-1].text, tuple(dict.fromkeys(w for reading in readings for w in reading.doubtful)))

    def _weigh_numbers(self, audio: np.ndarray, bias: Bias, text: str, awaited: frozenset[str]) -> Reading | None:
        """second_look's search for the numbers `text` lost (see there); None when it wants none or finds none."""
        view = scored_stretches_blanked(bias, text)
        score_wanted = self._score_wanted(view, awaited)
        if not (score_wanted or self._count_wanted(awaited)):
            return None
        if score_wanted and lost_count_span(view):
            return self.weigh_lost_count(audio, text, view)
        # Read again, a memo of several students states the scores heard the first time over, so only the places
        # of the lost one are weighed. The example scores in that reading's prompt include a tally ("three times").
        # A whole decode: made only when the weighings before it found nothing.
        def read_again() -> Reading | None:
            return self._read_again(audio, bias, text) if view == text else None

        if not score_wanted:
            return read_again() or self.weigh_soundalike_count(audio, text, view)
        near: list[NearScore] = []
        return (self.weigh_count_before_of(audio, text, view) or read_again()
                or self.weigh_lost_score(audio, bias, text, near, view)
                or self.weigh_score_at_number(audio, bias, text, near, view)
                or self.weigh_score_at_end(audio, bias, text, near, view)
                or self.weigh_score_before_items(audio, bias, text, near, view)
                or self.weigh_score_soundalike(audio, bias, text, near, view)
                or self.keep_clearest_score(near)
                or self.weigh_soundalike_count(audio, text, view))

    def weigh_lost_name(self, audio: np.ndarray, bias: Bias | None, text: str,
                        present: tuple[str, ...] = ()) -> Reading | None:
        """`text` with a student's first name at its start, when it names no student and the
        audio finds that about as likely (TranscribeOptions.name_margin); None otherwise.
        Only the students `present` are tried when given (a caseload of 40 costs about 6 s), and
        only the students the text already names by ear when it does ("Faddeus needed..." for
        Thaddeus: the tagger finds him, so weighing may only spell his name, never put in another's).

        Candidates for each first name: the name before the text, or in place of its first one
        or two words ("Mirror, did not..."), and the model's own reading of the memo when made
        to start with the name ("May it not reach" read again as "Mia did not reach"); each
        scored whole against the audio (all about as long as the first reading, since a short
        text scores high merely for being short). The name is reported doubtful.
        """
        if not bias or not _lost_its_name(bias, text):
            return None
        words = text.split()
        if not words:
            return None
        names = called_names(heard_by_ear(text, present or bias.names) or present or bias.names)
        placed = {name: [" ".join([name, *lowered_after_name(words[dropped:])])
                         for dropped in range(min(2, len(words) - 1) + 1)] for name in names}
        if len(names) > self.options.name_shortlist:
            names = self._shortlist(audio, placed)
        # A reading made to start with the name says how the name fits; the rest stays the first reading's.
        readings = self._read_starting_with(audio, names)
        candidates = [text]
        for start in readings:
            rejoined = rejoin(start, text)
            candidates += [rejoined] if rejoined else opened_as(start, text)
        candidates += [candidate for name in names for candidate in placed[name]]
        candidates = [c for c in dict.fromkeys(candidates) if c == text or bias.names_in(c)]
        # Scored as the model read the memo, after the caseload prompt: a name it was told to expect
        # is as likely to it as the words it wrote instead, so only the audio decides between them.
        scores = self._text_scores(audio, candidates, prompt=bias.initial_prompt)
        best = max(range(1, len(candidates)), key=scores.__getitem__, default=0)
        if not best or not self._name_fits(candidates, scores, best, bias):
            return None
        name_words = tuple(w.lower() for w in bias.names_in(candidates[best]))
        log.info("a lost name was weighed back (%.1f below the first reading)", scores[0] - scores[best])
        return Reading(candidates[best], name_words)

    def _name_fits(self, candidates: list[str], scores: list[float], best: int, bias: Bias) -> bool:
        """True when candidates[best], the likeliest text with a name put in, may be kept: within
        name_margin of the first reading (candidates[0]), or within name_gap_margin and name_gap above
        the likeliest text with any other name (a garbled name fits one name far better than the rest;
        a memo that named nobody fits them all about as badly)."""
        below = scores[0] - scores[best]
        if below <= self.options.name_margin:
            return True
        # Each candidate starts with the name put in ("Maeve ..." and "Maeve Donnelly ..." are one student).
        named = bias.names_in(candidates[best])[0]
        others = [score for candidate, score in zip(candidates[1:], scores[1:], strict=True)
                  if bias.names_in(candidate)[0] != named]
        # With no other name to compare, nothing says the name stands out.
        return bool(others) and below <= self.options.name_gap_margin and (
            scores[best] - max(others) >= self.options.name_gap)

    def _shortlist(self, audio: np.ndarray, placed: dict[str, list[str]]) -> list[str]:
        """The name_shortlist names whose `placed` texts the audio finds likeliest without the
        prompt (a quick first pass, before each is read and scored after it)."""
        texts = [candidate for candidates in placed.values() for candidate in candidates]
        scores = dict(zip(texts, self._text_scores(audio, texts), strict=True))
        best = {name: max(scores[c] for c in candidates) for name, candidates in placed.items()}
        return sorted(best, key=best.__getitem__, reverse=True)[:self.options.name_shortlist]

    def _read_starting_with(self, audio: np.ndarray, starts: list[str], batch_size: int = 4) -> list[str]:
        """The memo read once per start ("Mia"), each reading made to begin with it (greedy, no prompt:
        after the caseload prompt such a reading runs on too easily, "Great session" read as "Grace
        Ashen")."""
        model = self._model
        encoded, _frames = self._encoded(audio)
        tokenizer = self._tokenizer()
        prompts = [model.get_prompt(tokenizer, [], without_timestamps=True, prefix=start) for start in starts]
        limit = min(self.options.max_new_tokens or 160, 160)
        readings: list[str] = []
        for chunk, batch in _batches(encoded, prompts, batch_size):
            results = model.model.generate(batch, chunk, beam_size=1, max_length=limit)
            readings += [collapse_loops(tokenizer.decode(result.sequences_ids[0]).strip()) for result in results]
        return readings

    def _read_again(self, audio: np.ndarray, bias: Bias, text: str) -> Reading | None:
        """The memo read again with example scores in the prompt, when that states a score."""
        # One beam search, no sampling fallback, and about as long as the first reading: a second
        # reading that wanders off is thrown away anyway, so it must not cost seconds.
        limit = 2 * len(text.split()) + 12
        if self.options.max_new_tokens:
            limit = min(limit, self.options.max_new_tokens)
        second, _, _ = self._decode(audio, replace(bias, examples=SCORE_EXAMPLES),
                                    temperatures=(0.0,), max_new_tokens=limit)
        reread = " ".join(second)
        reading = self.weigh_lost_count(audio, reread) if lost_count_span(reread) else Reading(reread)
        if not states_more(text, reading.text):
            return None  # nothing the first reading did not state: the weighings below may still find the score
        renamed = set(bias.names_in(reading.text)) != set(bias.names_in(text))
        support = named_support(text)
        if renamed or (support and named_support(reading.text) != support):
            # The second reading lost or changed a name or the support the first heard: keep the
            # first, with only the stretch where the second heard the score put in.
            spliced = splice_score(text, reading.text) or ""
            if (set(bias.names_in(spliced)) == set(bias.names_in(text)) and measure_strength(spliced)
                    and (renamed or named_support(spliced) == support)):
                reading = Reading(spliced, reading.doubtful)
            elif renamed:
                return None
        log.info("a score the first reading garbled was read again")
        return reading

    def weigh_lost_support(self, audio: np.ndarray, text: str, keep: frozenset[str] = frozenset()) -> Reading | None:
        """`text` with the words where a support was garbled ("he needed a guest, your look, you")
        replaced by the support the audio finds likeliest there, when that is about as likely as
        `text` itself (TranscribeOptions.support_margin); None otherwise, or when `text` names a
        support already. The candidates are tagging.cues.support_candidates, never over a word in
        `keep` (lowercased: the caseload's names); the words of the support put in are reported doubtful.
        Where a memo's last clause may be a support said last with its "with a" lost too ("we digest
        your alkyou" for "with a gestural cue"), measured on the 889 memos of the devset and unseen1-38
        (espeak and Piper, quiet, 15 and 5 dB): 3 supports came back (1.7 to 2.3 below the text as read)
        and 1 was put over classroom chatter read after "no cues" ("No key, next, Farid Rafta.": 0.3
        below); every other memo kept its reading.
        """
        replaced = support_candidates(text, keep)
        if not replaced:
            return None
        [read] = self._text_scores(audio, [text])
        if read / max(1, len(self._tokenizer().encode(" " + text.strip()))) >= self.options.support_unsure_below:
            return None  # the words as read fit the audio: "with a peer" was said, not a garbled support
        scores = self._text_scores(audio, [candidate for candidate, _ in replaced])
        best = max(range(len(replaced)), key=scores.__getitem__)
        log.info("a lost support was weighed: %.1f from the first reading", scores[best] - read)
        if scores[best] < read - self.options.support_margin:
            return None
        candidate, phrase = replaced[best]
        return Reading(candidate, tuple(phrase.split()[1:]))

    def weigh_lost_count(self, audio: np.ndarray, text: str, view: str = "") -> Reading:
        """`text` with the word standing where a count was lost ("I out of 10"), or that word and the
        one before it ("who are out of 7" for "four out of seven"), replaced by the count the model
        finds likeliest there, the rest of the text held as it is.

        Beam search wrote the word, but asked which of 0..total was said in that place
        (each candidate text scored whole against the audio), the model picks the count
        said far more often than it writes it. The count is reported doubtful.
        `view`, when given, is `text` with the stretches of other students that state their score blanked
        (scored_stretches_blanked): the places are sought in it, the texts weighed are whole.
        """
        spans = lost_count_spans(view or text)
        return self._weigh_count(audio, text, spans) if spans else Reading(text)

    def weigh_count_before_of(self, audio: np.ndarray, text: str, view: str = "") -> Reading | None:
        """`text` with the word where a count may have been lost before "of" and the items scored
        ("the light of ten words") replaced by the likeliest count, when the audio finds that
        within count_margin of the text as read ("each of ten words" is said); None otherwise.
        The places are sought in `view` when given (weigh_lost_count)."""
        span = count_before_of_span(view or text)
        return self._weigh_count(audio, text, [span], self.options.count_margin) if span else None

    def _weigh_count(self, audio: np.ndarray, text: str, spans: list[tuple[int, int, int]],
                     margin: float = math.inf) -> Reading | None:
        """Every count 0..total in place of text[start:end], for each (start, end, total) of `spans`,
        the likeliest kept when within `margin` of `text` itself; the count is reported doubtful."""
        candidates = [(f"{text[:start]}{count}{text[end:]}", count, total)
                      for start, end, total in spans for count in range(total + 1)]
        read, *counted = self._text_scores(audio, [text, *(candidate for candidate, _, _ in candidates)])
        best = max(range(len(candidates)), key=counted.__getitem__)
        if counted[best] < read - margin:
            return None
        weighed, count, total = candidates[best]
        log.info("a lost count was weighed: %d of %d", count, total)
        return Reading(weighed, (str(count),))

    def weigh_soundalike_count(self, audio: np.ndarray, text: str, view: str = "") -> Reading | None:
        """`text` with a tally's count where tiny.en wrote the everyday word it sounds like before the things
        counted ("so free request" for "three requests", "To comment" for "Two comments":
        tagging.numbers.count_soundalike_slots), when the audio finds that text likelier than the text as
        read, within soundalike_count_margin; None otherwise. The count is reported doubtful. The places
        are sought in `view` when given (weigh_lost_count)."""
        slots = count_soundalike_slots(view or text)
        if not slots:
            return None
        candidates = [(f"{text[:start]}{said}{text[end:]}", count) for start, end, count, said in slots]
        read, *weighed = self._text_scores(audio, [text, *(candidate for candidate, _ in candidates)])
        best = max(range(len(candidates)), key=weighed.__getitem__)
        log.info("a count said as a word it sounds like was weighed: %d, %.1f from the text as read",
                 candidates[best][1], weighed[best] - read)
        if weighed[best] < read - self.options.soundalike_count_margin:
            return None
        spoken, count = candidates[best]
        return Reading(spoken, (str(count),))

    def weigh_lost_score(self, audio: np.ndarray, bias: Bias | None, text: str,
                         near: list[NearScore] | None = None, view: str = "") -> Reading | None:
        """`text` with the words just before "intervals" (or trials, tries, correct...) that stand
        where a whole score was lost ("in and read your high intervals") replaced by the likeliest
        score.

        First where the score stands and out of how many ("one of B" in each place, B up to 12),
        then how many of those, in the likeliest few places (score_places): each candidate text
        scored whole against the audio. None when the text offers no such place, or when the
        place is before "correct(ly)" (said with or without a score) and the audio finds the
        scored text far less likely than `text` itself (TranscribeOptions.score_margin: nothing
        was lost in "produced the S sound correctly").
        Spelled out, as every later weighing has it (digits and totals up to 10 before): measured on the 48
        memos of the devset and unseen1-36 (espeak and Piper, quiet and 15 dB) whose first reading has such
        a place, the second look then states the score said in 44, where the old way gave 43
        ("on high of 11 tries" came back as "nine of eleven", not "1 of 7"), and lost none of them.
        Both numbers are reported doubtful. The places are sought in `view` when given (weigh_lost_count).
        """
        view = view or text
        slots = score_slots(view, bias.name_words if bias else frozenset())
        return self._weigh_spelled_score(audio, text, slots, "lost before its unit", sure=score_unit_is_sure(view),
                                         near=near, view=view)

    def weigh_score_at_end(self, audio: np.ndarray, bias: Bias | None, text: str,
                           near: list[NearScore] | None = None, view: str = "") -> Reading | None:
        """`text` with its last 1..3 words (or those before the support it ends on) replaced by the likeliest
        score, spelled out ("and got sick sometimes." read as "and got six of nine."): an SLP most often
        says the score last, and a memo whose suggestion waits for its score lost it somewhere. Weighed as
        weigh_lost_score does, totals up to 12, and kept only within score_margin of `text` (nothing says a
        score was said there).
        Measured on the 32 memos of unseen1-21 (quiet and 15 dB) still waiting for a score after every
        other weighing: in 5 the best candidate was the score said, 3.7 above to 12.7 below the text as
        read; in the other 27 it was a wrong score (or the memo said none), 12.2 to 24.5 below.
        A memo that ends on the support given (", sick son dying, without any help.") is weighed before it
        too (tagging.numbers.end_slots): on the 21 memos of unseen1-32 (espeak and Piper, quiet and 15 dB)
        still waiting for a score that end so, the score said came back 1.3 above to 6.7 below the text as
        read in 3, and 10.2 and 14.2 below in 2 more; the best wrong score was 9.5 below, the rest 10.2
        to 28.6. Both numbers are reported doubtful. The places are sought in `view` when given (weigh_lost_count):
        the last words of the stretch still waiting for its score."""
        slots = end_slots(view or text, bias.name_words if bias else frozenset())
        return self._weigh_spelled_score(audio, text, slots, "said last", near=near, view=view)

    def weigh_score_before_items(self, audio: np.ndarray, bias: Bias | None, text: str,
                                 near: list[NearScore] | None = None, view: str = "") -> Reading | None:
        """`text` with the 1..3 words before the first plural of items scored ("zig, submit, turns" read for
        "six of eight turns") replaced by the likeliest score, spelled out, as weigh_score_at_end weighs the
        last words (tagging.numbers.items_slots), and kept only within score_margin of `text`.
        Measured on the 19 memos of the devset and unseen1-34 (espeak and Piper, quiet and 15 dB) still
        waiting for a score after every other weighing whose text has such items: in 4 the best candidate
        was the score said, 1.9 above to 6.9 below the text as read; in the other 15 (3 said no score
        there) it was a wrong score, 9.3 to 22.5 below. Both numbers are reported doubtful. The places are
        sought in `view` when given (weigh_lost_count)."""
        slots = items_slots(view or text, bias.name_words if bias else frozenset())
        return self._weigh_spelled_score(audio, text, slots, "before the items scored", near=near, view=view)

    def _weigh_spelled_score(self, audio: np.ndarray, text: str, slots: list[tuple[int, int]],
                             where: str, sure: bool = False, near: list[NearScore] | None = None,
                             view: str = "", one_margin: float | None = None) -> Reading | None:
        """`text` with the likeliest score ("N of M", M from 2 to 12, spelled out: see scores_around_numbers) in
        place of one of `slots` ((start, end) spans), logged as found `where`; None when there is no slot, or
        unless `sure`, when that text scores more than score_margin below `text` itself (then added to `near`),
        or (given `one_margin`) a score of one more than `one_margin` below it. `view`: see weigh_lost_count."""
        if not slots:
            return None

        def scored(start: int, end: int, correct: int, total: int, into: str = text) -> str:
            return f"{into[:start]}{spell_score(correct, total)}{into[end:]}"

        # Only a place where the score put in is the one score the text states ("six of the I" is no
        # place for "six of nine": "six of six of nine"); of a memo of several students, the one its
        # stretches waiting for a score state.
        places = [(start, end, total) for start, end in slots for total in range(2, 13)
                  if states_only(scored(start, end, 1, total, view or text), 1, total)]
        if not places:
            return None
        scores = self._text_scores(audio, [text, *(scored(start, end, 1, total) for start, end, total in places)])
        # The probe's "1" fits the audio badly where another count was said, so the best few
        # places go on to the second stage, not only the first ("6 of 10" scored 8 above the
        # best "1 of B" place once each place had its own count).
        ranked = sorted(range(len(places)), key=lambda i: scores[i + 1], reverse=True)[:self.options.score_places]
        candidates = [(scored(start, end, correct, total), correct, total)
                      for start, end, total in (places[i] for i in ranked) for correct in range(total + 1)]
        weighed = self._text_scores(audio, [candidate for candidate, _, _ in candidates])
        best = max(range(len(candidates)), key=weighed.__getitem__)
        if one_margin is not None and candidates[best][1] == 1:
            # Nor does it go into `near`: its lead over the other scores is the fit of "one" over "on", not a count.
            reading = _kept_or_near(candidates, weighed, best, scores[0], one_margin, None)
        else:
            reading = _kept_or_near(candidates, weighed, best, scores[0],
                                    math.inf if sure else self.options.score_margin, near)
        if reading is not None:
            log.info("a score %s was weighed: %s of %s", where, *reading.doubtful)
        return reading

    def weigh_score_soundalike(self, audio: np.ndarray, bias: Bias | None, text: str,
                               near: list[NearScore] | None = None, view: str = "") -> Reading | None:
        """`text` with the likeliest score over words that sound like one ("free on fire" read for "three of
        five", "same anton" for "seven of ten": tagging.numbers.score_soundalike_slots), weighed as
        weigh_lost_score weighs, and kept within score_margin of `text`; a score of one only when the audio finds
        it likelier than `text` itself, as "one" sounds like the "on", "an" and "and" of any text. None when
        score_soundalike_similarity is 0. Measured first on the saved transcripts (devset and unseen1-42, espeak
        and Piper, and two independently written sets, 90 espeak memos each) whose suggestion still waited for
        its score: of 81, 77 had such a place; the score said came back in 8 (3.3 above to 7.9 below the text
        as read), and 2 more stood clear of the others (score_lead); wrong scores came back in 6, each a score
        of one (2.9 to 7.2 below: hence the stricter margin for one), and another stood clear (1 of 3 for 9 of
        10). End to end, the espeak benchmark (devset and unseen1-42) gained the score in 3 memos and lost none;
        the two independent sets gained it in 3. Both numbers are reported doubtful. The places are sought in
        `view` when given (weigh_lost_count)."""
        similarity = self.options.score_soundalike_similarity
        if not similarity:
            return None
        slots = score_soundalike_slots(view or text, bias.name_words if bias else frozenset(), similarity)
        return self._weigh_spelled_score(audio, text, slots, "said as words it sounds like", near=near, view=view,
                                         one_margin=0.0)

    def weigh_score_at_number(self, audio: np.ndarray, bias: Bias | None, text: str,
                              near: list[NearScore] | None = None, view: str = "") -> Reading | None:
        """`text` with a whole score where it kept only one of its numbers ("and written 10" for "seven of
        ten"): each of tagging.numbers.scores_around_numbers scored whole against the audio, the likeliest
        kept when within score_margin of `text` itself (as before "correct(ly)", nothing says a score was
        said there); None otherwise (then added to `near`). Both numbers are reported doubtful. The places are
        sought in `view` when given (weigh_lost_count)."""
        candidates = [(onto_whole(text, view, candidate), correct, total) for candidate, correct, total
                      in scores_around_numbers(view or text, bias.name_words if bias else frozenset())]
        if not candidates:
            return None
        read, *weighed = self._text_scores(audio, [text, *(candidate for candidate, _, _ in candidates)])
        best = max(range(len(candidates)), key=weighed.__getitem__)
        candidate, correct, total = candidates[best]
        log.info("a score around a lone number was weighed: %d of %d, %.1f from the text as read",
                 correct, total, weighed[best] - read)
        return _kept_or_near(candidates, weighed, best, read, self.options.score_margin, near)

    def keep_clearest_score(self, near: list[NearScore]) -> Reading | None:
        """The first of the scores the weighings did not keep that stands clear of every other score weighed in
        its places (TranscribeOptions.score_lead); None when none does."""
        opts = self.options
        for score in near:
            if opts.score_lead and score.lead >= opts.score_lead and score.below <= opts.score_lead_margin:
                log.info("a score standing %.1f clear of the others was kept, %.1f below the text as read",
                         score.lead, score.below)
                return score.reading
        return None

    def _text_scores(self, audio: np.ndarray, texts: list[str], prompt: str = "") -> list[float]:
        """Each text's log-probability as the transcript of `audio`, after `prompt` when given.

        Scored by forced alignment, each text whole, over the memo's own frames only: the
        texts differ in a few words, so only their ranking matters, and this way dozens cost
        about a second. The alignment keeps attention over every frame for every token, so
        memory grows with the batch times the tokens: eight texts at a time without a prompt
        (a batch of 40 took about 300 MB more and was no faster on two cores), one at a time
        after a caseload prompt (36 texts: eight at a time peaked 380 MB higher, one at a
        time 20 MB, and took 2.0 s against 2.5 s; measured).
        """
        batch_size = 1 if prompt else 8
        encoded, frames = self._encoded(audio)
        tokenizer = self._tokenizer()
        tokens = [tokenizer.encode(" " + text.strip()) for text in texts]
        # The same start as a reading's (faster-whisper's own prompt layout and length limit).
        previous = tokenizer.encode(" " + prompt.strip()) if prompt else []
        start = self._model.get_prompt(tokenizer, previous, without_timestamps=True)
        scores: list[float] = []
        for chunk, batch in _batches(encoded[:, : frames // 2 + 50], tokens, batch_size):
            results = self._model.model.align(batch, start, chunk, [frames] * len(chunk))
            scores += [float(np.sum(np.log(np.maximum(result.text_token_probs, 1e-12)))) for result in results]
        return scores

    def _encoded(self, audio: np.ndarray) -> tuple[np.ndarray, int]:
        """(the encoder's output for the memo's window, the memo's own frames in it)."""
        from faster_whisper.audio import pad_or_trim

        model = self._model
        model.window_frames = self._window_frames(audio)
        features = model.feature_extractor(audio)
        frames = max(1, min(features.shape[-1] - 1, model.window_frames or N_FRAMES))
        # The same features as the readings had, so the encoding they left in the cache is reused.
        return np.array(model.encode(pad_or_trim(features[:, :frames]))), frames

    def _tokenizer(self):
        from faster_whisper.tokenizer import Tokenizer

        return Tokenizer(self._model.hf_tokenizer, self._model.model.is_multilingual, task="transcribe",
                         language=self.options.language or "en")

    def _decode(self, audio: np.ndarray, bias: Bias | None, beam_size: int | None = None,
                temperatures: tuple[float, ...] | None = None,
                max_new_tokens: int | None = None, no_repeat_ngram_size: int = 0) -> tuple[list[str], int, float]:
        """(kept segment texts, number dropped, lowest avg log-prob kept) for one decode of the memo."""
        opts = self.options
        prompt = bias.initial_prompt if bias and opts.bias in ("prompt", "both") else None
        hotwords = bias.hotwords if bias and opts.bias in ("hotwords", "both") else None
        self._model.window_frames = self._window_frames(audio)
        segments, _info = self._model.transcribe(
            audio,
            language=opts.language,
            beam_size=beam_size or opts.beam_size,
            temperature=list(temperatures or opts.temperatures),
            compression_ratio_threshold=opts.compression_ratio_threshold,
            log_prob_threshold=opts.log_prob_threshold,
            no_speech_threshold=opts.no_speech_threshold,
            condition_on_previous_text=opts.condition_on_previous_text,
            initial_prompt=prompt or None,
            hotwords=hotwords or None,
            without_timestamps=True,
            vad_filter=False,  # trimmed upstream by recorder.vad
            max_new_tokens=max_new_tokens or opts.max_new_tokens,
            no_repeat_ngram_size=no_repeat_ngram_size,
        )
        from faster_whisper.transcribe import get_compression_ratio

        kept: list[str] = []
        dropped = 0
        confidence = 0.0
        any_loop = False
        for segment in segments:
            text = collapse_loops(segment.text.strip())
            looped = segment.compression_ratio > opts.compression_ratio_threshold
            any_loop = any_loop or looped
            # A loop after real words ("beginning, middle, end, end, end, ...") keeps the words: only
            # a text that still repeats itself once its loops are collapsed is dropped.
            if self._is_noise(segment) or (looped and (
                    not text or get_compression_ratio(text) > opts.compression_ratio_threshold)):
                dropped += 1
                continue
            if text:
                kept.append(text)
                # A loop scores high merely for repeating itself: a text kept from one counts as
                # unsure, so the names in it are checked without the prompt.
                confidence = min(confidence, opts.log_prob_threshold if looped else segment.avg_logprob)
        if any_loop and opts.loop_retry_ngram and not no_repeat_ngram_size:
            retried = self._decode(audio, bias, beam_size, temperatures, max_new_tokens, opts.loop_retry_ngram)
            recited = bool(bias) and bias.recites_names(" ".join(retried[0]))
            if not retried[1] and not recited and reads_past_loop(kept, retried[0]):
                log.info("a looping decode was read again without repeats")
                # Still a memo the model looped on: unsure, as a kept loop is.
                return retried[0], 0, min(retried[2], opts.log_prob_threshold)
        return kept, dropped, confidence

    def _window_frames(self, audio: np.ndarray) -> int | None:
        """Encoder frames for this memo: its own length + 1 s, at least min_window_seconds, at most 30 s."""
        if not self.options.min_window_seconds:
            return None
        seconds = math.ceil(audio.size / SAMPLE_RATE) + 1
        return int(min(30, max(self.options.min_window_seconds, seconds)) * FRAMES_PER_SECOND)

    def _is_noise(self, segment) -> bool:
        """True when the segment is babble or silence, not dictation (loops are judged in _decode)."""
        opts = self.options
        if segment.no_speech_prob > opts.no_speech_threshold and segment.avg_logprob < opts.log_prob_threshold:
            return True
        return segment.avg_logprob < opts.min_avg_logprob


@dataclass(frozen=True)
class _Hypothesis:
    """The one beam hypothesis chosen, shaped as CTranslate2's WhisperGenerationResult."""

    sequences_ids: list[list[int]]
    scores: list[float]
    no_speech_prob: float


class MeasurePreferringDecoder:
    """CTranslate2's Whisper, with the beam's runner-up taken when it says a measurement.

    faster-whisper reads only the best beam hypothesis. Between near-equal
    hypotheses the acoustics cannot decide, and a memo's measurement
    ("six of eight", "4 out of 5") is the likelier reading than a garble of
    it ("sick, surveyed"): this is that prior, applied only within `margin`
    of the best score (mean token log-probability), so the audio still rules.
    Everything but `generate` is CTranslate2's own.
    """

    def __init__(self, whisper, tokenizer, margin: float, tail_margin: float = 0.0):
        self._whisper = whisper
        self._tokenizer = tokenizer
        self.margin = margin
        self.tail_margin = tail_margin

    def __getattr__(self, name: str):
        return getattr(self._whisper, name)

    def generate(self, features, prompts, **kwargs):
        beams = kwargs.get("beam_size", 1)
        if beams <= 1 or kwargs.get("num_hypotheses", 1) > 1:
            return self._whisper.generate(features, prompts, **kwargs)
        results = self._whisper.generate(features, prompts, **{**kwargs, "num_hypotheses": beams})
        return [self._choose(result) for result in results]

    def _choose(self, result) -> _Hypothesis:
        texts = [self._tokenizer.decode(ids) for ids in result.sequences_ids]
        best = pick_measured(texts, list(result.scores), self.margin, self.tail_margin)
        return _Hypothesis([result.sequences_ids[best]], [result.scores[best]], result.no_speech_prob)


def _kept_or_near(candidates: list[tuple[str, int, int]], weighed: list[float], best: int, read: float,
                  margin: float, near: list[NearScore] | None) -> Reading | None:
    """The best of the (text, correct, total) `candidates` as a Reading (both numbers doubtful), when its score in
    `weighed` is within `margin` of the text as read (`read`); otherwise None, and it goes into `near` with its
    lead over the best other score (not when there was no other to stand against)."""
    text, correct, total = candidates[best]
    reading = Reading(text, (str(correct), str(total)))
    below = read - weighed[best]
    if below <= margin:
        return reading
    others = [score for score, (_, *numbers) in zip(weighed, candidates, strict=True) if numbers != [correct, total]]
    if near is not None and others:
        near.append(NearScore(reading, below, weighed[best] - max(others)))
    return None


def _batches(encoded: np.ndarray, items: list, batch_size: int):
    """(up to batch_size items, the memo's encoding repeated once per item), batch by batch."""
    import ctranslate2

    for first in range(0, len(items), batch_size):
        chunk = items[first:first + batch_size]
        yield chunk, ctranslate2.StorageView.from_array(np.ascontiguousarray(np.repeat(encoded, len(chunk), axis=0)))


def _short_window_model():
    """WhisperModel with a shorter encoder window (optional) and the last encoding kept.

    faster-whisper pads every window to 30 s (3000 frames) and the encoder's
    cost grows with its input; CTranslate2's encoder accepts a shorter input,
    so `window_frames` (set per memo) can cut the padding off. And the name
    check decodes the same audio a second time: the encoder output of the
    last window is kept, so the second decode does not encode again.
    """
    from faster_whisper import WhisperModel

    class ShortWindowWhisper(WhisperModel):
        window_frames: int | None = None
        _last: tuple[bytes, object] | None = None

        def encode(self, features: np.ndarray):
            if self.window_frames and features.shape[-1] > self.window_frames:
                features = features[..., : self.window_frames]
            key = hashlib.blake2b(np.ascontiguousarray(features).tobytes(), digest_size=16).digest()
            if self._last is not None and self._last[0] == key:
                return self._last[1]
            output = super().encode(features)
            self._last = (key, output)
            return output

    return ShortWindowWhisper


def load_transcriber(config: Config, home: Path, options: TranscribeOptions | None = None,
                     background: bool = False) -> Transcriber:
    """A Transcriber for the configured model, loaded now or in a background thread."""
    transcriber = Transcriber(config=config, home=home, options=options or TranscribeOptions())
    if background:
        transcriber.load_in_background()
    else:
        transcriber.load()
    return transcriber
