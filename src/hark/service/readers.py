"""The reader-voice menu: which installed voices readers may choose in the player, and the default per language.
The publisher sets it in the console (kept in the database); until then the settings decide
(`HARK_READER_VOICES`, else every neural voice) and the registry's rules give the defaults."""

from __future__ import annotations

from hark.errors import VoiceError
from hark.models import Voice
from hark.service.runtime import Runtime
from hark.service.voices import for_readers, menu_order
from hark.store.readervoices import ReaderMenu
from hark.voices import Speaker


def stored(rt: Runtime) -> ReaderMenu:
    with rt.store.read() as tx:
        return tx.reader_voices.menu()


def load(rt: Runtime) -> ReaderMenu:
    """Read the menu and hand its defaults to the registry (at start, and now and then, for other processes'
    changes)."""
    menu = stored(rt)
    rt.voices.prefer(menu.defaults)
    return menu


def offered(rt: Runtime, menu: ReaderMenu | None = None) -> list[Voice]:
    """The voices the player lists, neural first: the publisher's menu, else the settings' choice; a language's
    default voice is always among them."""
    menu = menu if menu is not None else stored(rt)
    voices = rt.voices.voices()
    chosen = set(menu.offered) if menu.offered else {v.id for v in voices if for_readers(v, rt.settings)}
    chosen |= set(menu.defaults.values())
    # The voice an article is narrated in on publish stays in the menu of its language.
    chosen |= {rt.voices.default_for(v.lang).id for v in voices if v.id in chosen}
    return menu_order([v for v in voices if v.id in chosen])


def defaults(rt: Runtime, voices: list[Voice]) -> dict[str, str]:
    """Language (two letters) → the voice readers of an article in it get first, for every language offered."""
    return {lang: rt.voices.default_for(lang).id for lang in sorted({v.lang for v in voices})}


def choose(rt: Runtime, voice_ids: list[str], chosen_defaults: dict[str, str]) -> ReaderMenu:
    """Save the publisher's menu whole. Every id must be installed; a default must be offered and speak its
    language (an empty choice for a language leaves it to the registry's rules)."""
    known = {v.id: v for v in rt.voices.voices()}
    unknown = [v for v in voice_ids if v not in known]
    if unknown:
        raise VoiceError(f"unknown voice {unknown[0]!r}; choose among the installed voices (see `hark voices`)")
    if not voice_ids:
        raise VoiceError("offer readers at least one voice")
    picked: dict[str, str] = {}
    for lang, voice_id in chosen_defaults.items():
        if not voice_id:
            continue
        if voice_id not in voice_ids:
            raise VoiceError(f"the default voice for {lang!r}, {voice_id!r}, is not offered to readers; tick it first")
        if known[voice_id].lang != lang:
            raise VoiceError(f"{voice_id!r} does not speak {lang!r}; choose a voice of that language as its default")
        picked[lang] = voice_id
    with rt.store.write() as tx:
        tx.reader_voices.replace(voice_ids, picked)
    return load(rt)


def check_offered(rt: Runtime, speaker: Speaker, narrated: list[str]) -> None:
    """A reader (no key) may ask only for a voice the publisher offers, or one the article already has."""
    if speaker.id in narrated or speaker.id in {v.id for v in offered(rt)}:
        return
    raise VoiceError(f"readers may choose only the voices the player offers: {speaker.id!r} is not one of the voices "
                     "offered to readers (see GET /v1/voices); a publisher's API key may ask for any voice")
