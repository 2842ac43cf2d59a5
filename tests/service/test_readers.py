"""The reader-voice menu: the settings decide until the publisher saves one; a saved menu is checked, kept, and
its defaults are the voices new articles are narrated in."""

from __future__ import annotations

import pytest

from hark.errors import VoiceError
from hark.service import readers
from hark.service.boot import open_runtime

JOE, HEART, TONE = "piper:en_US-joe-medium", "hibari:heart", "test:tone"


def test_menu_checked_kept_and_used_for_defaults(settings_factory):  # type: ignore[no-untyped-def]
    settings = settings_factory(test_voice=True, default_voice=TONE)
    rt = open_runtime(settings)
    assert {v.id for v in readers.offered(rt)} == {JOE, HEART, TONE}  # neural voices, and the default
    assert rt.voices.default_for("en").id == TONE

    for ids, defaults, why in (([JOE, "piper:nobody"], {}, "unknown voice"), ([], {}, "at least one"),
                               ([JOE], {"en": HEART}, "not offered"), ([JOE, "espeak:de"], {"en": "espeak:de"},
                                                                      "does not speak")):
        with pytest.raises(VoiceError, match=why):
            readers.choose(rt, ids, defaults)
    assert readers.stored(rt).offered == ()  # a refused menu changes nothing

    readers.choose(rt, [HEART, JOE], {"en": HEART})
    assert rt.voices.default_for("en-GB").id == HEART and rt.voices.resolve(None, "en").id == HEART
    assert {v.id for v in readers.offered(rt)} == {HEART, JOE}
    # Another process reads the same menu from the database.
    other = open_runtime(settings_factory(test_voice=True, default_voice=TONE))
    assert other.voices.default_for("en").id == HEART and readers.defaults(other, readers.offered(other)) == {"en": HEART}
