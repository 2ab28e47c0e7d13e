"""The phone line's languages (data/reference/voice.yml) and its recorded prompts."""

from pathlib import Path

from pydantic import BaseModel, model_validator

from data.reference_files import ReferenceDataError, load_yaml
from data.words import fold

AUDIO_SUFFIXES = (".mp3", ".wav")


class Voice(BaseModel):
    voice: str
    locale: str


class VoiceLanguage(BaseModel):
    """One language of the keypad menu."""

    code: str
    name: str
    say: Voice | None = None  # None: no text-to-speech, prompts are recordings
    speech: str | None = None
    core: str | None = None  # None: the core answers in the caller's second language
    fallback: str | None = None
    menu_line: str
    # Said in the fallback language, in its voice, while `menu_line` has no recording (a
    # French voice reading Creole helps nobody); None: `menu_line` is already in that language.
    fallback_line: str | None = None
    words: list[str]
    yes: str | None = None
    no: str | None = None
    # Twilio transcribes voice messages well in English only: elsewhere the recording alone.
    transcribe: bool = False

    @property
    def spoken(self) -> bool:
        return self.say is not None

    @model_validator(mode="after")
    def _reachable(self) -> "VoiceLanguage":
        if not self.spoken and not self.fallback:
            raise ValueError(f"{self.code}: a language without text-to-speech needs a fallback")
        if self.spoken and not (self.core and self.speech and self.yes and self.no):
            raise ValueError(f"{self.code}: a spoken language needs core, speech, yes and no")
        return self


class VoiceLanguages(BaseModel):
    languages: list[VoiceLanguage]

    @model_validator(mode="after")
    def _fallbacks_spoken(self) -> "VoiceLanguages":
        codes = {lang.code: lang for lang in self.languages}
        for lang in self.languages:
            if lang.fallback and not (lang.fallback in codes and codes[lang.fallback].spoken):
                raise ValueError(f"{lang.code}: fallback {lang.fallback} is not a spoken language")
        if len(self.languages) > 9:
            raise ValueError("the keypad menu has room for nine languages")
        return self

    def get(self, code: str | None) -> VoiceLanguage | None:
        return next((lang for lang in self.languages if lang.code == code), None)

    @property
    def spoken(self) -> list[VoiceLanguage]:
        return [lang for lang in self.languages if lang.spoken]

    def choose(
        self, choices: list[VoiceLanguage], digits: str, speech: str
    ) -> VoiceLanguage | None:
        """The language picked from `choices` by keypad (1-based) or by saying its name."""
        if digits.isdigit() and 1 <= int(digits) <= len(choices):
            return choices[int(digits) - 1]
        said = fold(speech)
        return next(
            (lang for lang in choices if any(fold(word) in said for word in lang.words)), None
        )


def load_voice_languages(reference_dir: Path) -> VoiceLanguages:
    return load_yaml(reference_dir / "voice.yml", VoiceLanguages)


class Recordings:
    """Audio files under <root>/<language>/<prompt name>.mp3, served at `url_prefix`."""

    def __init__(self, root: Path, url_prefix: str) -> None:
        self.root = root
        self.url_prefix = url_prefix.rstrip("/")

    def url(self, language: str, name: str) -> str | None:
        """The URL to <Play> this prompt in this language, if it was recorded."""
        for suffix in AUDIO_SUFFIXES:
            if (self.root / language / f"{name}{suffix}").is_file():
                return f"{self.url_prefix}/{language}/{name}{suffix}"
        return None

    def file(self, language: str, filename: str) -> Path:
        """The file behind a recording URL; ReferenceDataError for anything else."""
        if "\x00" not in language + filename:  # a NUL in a path: the OS raises ValueError
            path = (self.root / language / filename).resolve()
            if (
                path.suffix in AUDIO_SUFFIXES
                and path.is_relative_to(self.root.resolve())
                and path.is_file()
            ):
                return path
        raise ReferenceDataError(f"no recording {language}/{filename}")
