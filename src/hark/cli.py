"""The `hark` command: parses, calls the service, prints. Errors: one line, exit 2.

Commands import the heavy parts of the service when they run (each such import says so), so that
`hark extract` on a short page starts in well under a second.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import re
import signal
import sys
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from hark.errors import HarkError, InputError
from hark.limits import FETCH_MAX_BYTES, MAX_ARTICLE_WORDS
from hark.speeds import RATE_MAX, RATE_MIN

if TYPE_CHECKING:
    from rich.console import Console

    from hark.models import Narration
    from hark.settings import Settings

app = typer.Typer(
    name="hark",
    help="Listen to the news: narrate articles with neural voices and word timings.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
voices_app = typer.Typer(help="Installed voices.", invoke_without_command=True)
app.add_typer(voices_app, name="voices")
keys_app = typer.Typer(help="API keys for the service's write endpoints.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")



class _LazyConsole:
    """A rich Console made on first use: rich costs start-up time that `hark extract` does not need."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def real(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real(), name)


out = _LazyConsole()
err = _LazyConsole(stderr=True)

SourceArg = Annotated[str, typer.Argument(help="A URL, an .html/.txt file, or - for standard input.")]


def _settings() -> Settings:
    from pydantic import ValidationError

    from hark.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        problem = exc.errors()[0]
        name = "HARK_" + str(problem["loc"][0]).upper() if problem.get("loc") else "a HARK_ setting"
        raise InputError(f"{name} is not valid: {problem['msg']}") from None


@app.command()
def narrate(
    source: SourceArg,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Audio file to write.")] = None,
    voice: Annotated[Optional[str], typer.Option("--voice", help="Voice id (see `hark voices`).")] = None,
    rate: Annotated[float, typer.Option("--rate", help=f"Speaking rate, {RATE_MIN:g} to {RATE_MAX:g}.")] = 1.0,
    fmt: Annotated[Optional[str], typer.Option("--format", help="mp3, opus or wav (default: from -o, else mp3).")] = None,
) -> None:
    """Narrate an article: writes the audio, its timing map (.json) and captions (.vtt)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from hark.models import AUDIO_FORMATS, SynthesisOptions
    from hark.service.ingest import Source, ingest

    suffix = output.suffix.lstrip(".").lower() if output is not None else ""
    options = SynthesisOptions(rate=rate, format=fmt or (suffix if suffix in AUDIO_FORMATS else "mp3"))
    if output is not None and output.suffix.lower() in (".json", ".vtt"):
        raise InputError("-o names the audio file (e.g. story.mp3); the .json and .vtt are written beside it")
    if output is not None and output.is_dir():
        raise InputError(f"{output} is a folder; give a file name such as {output / 'story.mp3'}")
    # Ctrl-C and SIGTERM unwind the narration, so the half-written `.part` files are removed. SIGINT is
    # set explicitly too: a shell starting `hark narrate … &` hands it down ignored.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    settings = _settings()
    registry = _narration().warming(settings, voice)
    article = ingest(Source(argument=source), settings).article
    with Progress(
        TextColumn("[bold]Narrating"), BarColumn(), MofNCompleteColumn(), TextColumn("sentences"),
        TimeRemainingColumn(), console=err.real(), transient=True,
    ) as bar:
        task = bar.add_task("narrate", total=None)
        done = _narration().to_files(
            article, settings, voice, options, output or Path(_slug(article.title) + f".{options.format}"),
            progress=lambda n, total: bar.update(task, completed=n, total=total), registry=registry,
        )
    _summary(done.narration, done.audio)


_stopped_by: int | None = None
"""The signal that interrupted the command (SIGINT or SIGTERM): exit status 128 + its number."""


def _interrupt(signum: int, frame: object) -> None:
    # Both signals unwind as KeyboardInterrupt, so every `finally` and atomic write cleans up on the way
    # out; typer turns that into exit 130, and main() restores which signal it was.
    global _stopped_by
    _stopped_by = signum
    raise KeyboardInterrupt()


def _summary(narration: Narration, target: Path) -> None:
    from rich.table import Table

    from hark.speeds import format_duration, speeds

    t = narration.timings
    minutes = t.reading_minutes
    out.print(f"[bold]{t.title or '(untitled)'}[/bold]")
    out.print(f"Words: {t.words}   Reading time: {minutes} minute{'s' if minutes != 1 else ''}")
    out.print(
        f"Audio: {target} ({format_duration(t.duration_ms / 1000)}, {narration.format}, voice {narration.voice.id}, "
        f"{narration.rate:g}x)"
    )
    out.print(f"Narration: {narration.wpm:.0f} WPM at {narration.rate:g}x; base {narration.base_wpm:.0f} WPM at 1x")
    table = Table("Speed", "Rate", "WPM", "Listening time", title="Listening speeds", title_justify="left")
    for speed in speeds(narration.base_wpm, t.duration_ms / 1000 * narration.rate):
        table.add_row(speed.label, f"{speed.rate:g}x", f"{speed.wpm:.0f}", format_duration(speed.seconds))
    out.print(table)
    out.print(f"Timings: {target.with_suffix('.json')}   Captions: {target.with_suffix('.vtt')}")


@app.command()
def extract(
    source: SourceArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    show: Annotated[bool, typer.Option("--explain", help="Print every input line with its decision (plain text).")] = False,
) -> None:
    """The article as it will be narrated: title, standfirst, then one paragraph per line."""
    from hark.service.ingest import Source, explain_source, ingest

    settings = _reading_settings(source)
    if show:
        print(explain_source(Source(argument=source), settings))
        return
    # Plain output shows no language: skip loading the language detector (start-up time).
    article = ingest(Source(argument=source), settings, detect=as_json).article
    if as_json:
        out.print_json(data=article.to_json()) if sys.stdout.isatty() else print(json.dumps(article.to_json(), ensure_ascii=False))
        return
    for block in article.blocks:
        print(block.text)


def _reading_settings(source: str) -> Settings:
    """Settings for reading a local file or standard input: without a HARK_ variable or a .env file that could
    change them, the defaults, without loading pydantic-settings (most of `hark extract`'s start-up time)."""
    if "://" in source or any(k.upper().startswith("HARK_") for k in os.environ) or Path(".env").exists():
        return _settings()
    return _FileDefaults()  # type: ignore[return-value]


class _FileDefaults:
    """The settings that reading and extracting a file use, at their defaults (from hark.limits, as Settings' are);
    any other one is asked of the real settings, so a setting read later costs start-up time, never a crash."""

    fetch_max_bytes = FETCH_MAX_BYTES
    max_article_words = MAX_ARTICLE_WORDS

    def __getattr__(self, name: str) -> Any:
        return getattr(_settings(), name)


@app.command()
def script(
    source: Annotated[Optional[str], typer.Argument(help="A URL, an .html/.txt file, or -.")] = None,
    text: Annotated[Optional[str], typer.Option("--text", help="Script this text instead of a source.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Sentences with words, spoken forms and offsets.")] = False,
) -> None:
    """The spoken script: one sentence per line, after normalization and the lexicon."""
    from hark.models import Article, Block
    from hark.script import script_json, script_text
    from hark.service.ingest import Source, ingest
    from hark.service.lexicon import lexicon_of, script_for

    settings = _settings()
    if text is not None:
        if not text.strip():
            raise InputError("--text is empty")
        article = Article(title="", body=tuple(Block("paragraph", p.strip()) for p in text.splitlines() if p.strip()))
    elif source:
        article = ingest(Source(argument=source), settings).article
    else:
        raise InputError("give a SOURCE or --text")
    built = script_for(article, None, lexicon_of(settings))
    if as_json:
        print(json.dumps(script_json(built), ensure_ascii=False))
        return
    print(script_text(built))


@voices_app.callback()
def voices(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Installed voices: id, name, language, engine, gender, quality, base WPM, license."""
    if ctx.invoked_subcommand is not None:
        return
    from rich.table import Table

    catalog = _catalog()
    found = catalog.installed(_settings())
    if as_json:
        print(json.dumps([catalog.voice_json(v, _settings()) for v in found], ensure_ascii=False))
        return
    table = Table("id", "name", "language", "engine", "gender", "quality", "base WPM", "license")
    for v in found:
        table.add_row(v.id, v.name, v.language, v.engine, v.gender or "", v.quality,
                      f"{v.base_wpm:.0f}" if v.base_wpm else "", v.license or "")
    out.print(table)


@voices_app.command("preview")
def voices_preview(
    voice_id: Annotated[str, typer.Argument(help="Voice id.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (default: ID.mp3).")] = None,
) -> None:
    """Write a short preview clip of a voice to a file (plays nothing)."""
    catalog = _catalog()
    target = output or Path(_slug(voice_id) + ".mp3")
    catalog.preview_to(_settings(), voice_id, target)
    out.print(f"Preview: {target}")


@voices_app.command("calibrate")
def voices_calibrate(
    voice_ids: Annotated[Optional[list[str]], typer.Argument(help="Voice ids (default: every installed voice).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Measure again even if a measurement is stored.")] = False,
) -> None:
    """Measure each voice's base WPM on the calibration passage and store it (once per engine version)."""
    catalog = _catalog()
    settings = _settings()
    catalog.calibrate(settings, catalog.VoiceRegistry(settings), voice_ids or None, force=force,
                      progress=lambda v, wpm: out.print(f"{v.id}: {wpm:.0f} WPM"))


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Run the web service with its embedded defaults (SQLite and audio under ./hark-data, in-process workers)."""
    _deferred("hark.web.server").serve(_settings(), host=host, port=port)


@app.command()
def worker() -> None:
    """Run a narration worker for the configured queue (Celery when HARK_QUEUE=celery)."""
    _deferred("hark.service.boot").run_worker(_settings())


@keys_app.command("create")
def keys_create(name: Annotated[str, typer.Argument(help="Who the key is for.")]) -> None:
    """Create an API key; the key is the last line printed (it is stored only as a hash)."""
    keys = _keys()
    key = keys.create_key(keys.store_of(_settings()), name)
    out.print(f"API key for {name!r} (shown once):")
    print(key)


@keys_app.command("list")
def keys_list() -> None:
    """API keys: name, the first characters of the key, when made, whether revoked (never the key)."""
    from rich.table import Table

    keys = _keys()
    table = Table("name", "key starts", "created", "revoked")
    for key in keys.list_keys(keys.store_of(_settings())):
        table.add_row(key.name, key.prefix + "…", _when(key.created_at), _when(key.revoked_at) if key.revoked_at else "")
    out.print(table)


@keys_app.command("revoke")
def keys_revoke(which: Annotated[str, typer.Argument(help="The key's name, or its first characters.")]) -> None:
    """Revoke API keys by name or by the start of the key: writes with them are refused from now on."""
    keys = _keys()
    for key in keys.revoke_keys(keys.store_of(_settings()), which):
        out.print(f"revoked {key.name!r} ({key.prefix}…)")


def _deferred(module: str) -> ModuleType:
    """A heavy part of Hark, imported by the commands that use it: `hark extract` must not load the database,
    every speech engine, the encoder (scipy), FastAPI and uvicorn before it reads a page."""
    return importlib.import_module(module)


def _narration() -> ModuleType:
    return _deferred("hark.service.files")


def _catalog() -> ModuleType:
    return _deferred("hark.service.voices")


def _keys() -> ModuleType:
    return _deferred("hark.service.keys")


def _when(epoch: float | None) -> str:
    return datetime.fromtimestamp(epoch or 0, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _slug(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    return slug or "narration"


def main() -> None:
    """Entry point: any HarkError is one line on stderr and exit status 2."""
    # Warnings from the stages (a skipped voice file, a voice reading another language) as one line each.
    logging.basicConfig(level=logging.WARNING, format="hark: warning: %(message)s")
    try:
        argv = sys.argv[1:]
        if len(argv) == 2 and argv[0] == "extract" and (argv[1] == "-" or not argv[1].startswith("-")):
            # `hark extract SOURCE`, the command scripts call per page, runs without building the typer app's
            # parameter machinery (which loads pydantic): a third of its start-up time.
            extract(argv[1])
        else:
            code = app(standalone_mode=False)
            # Without standalone mode typer turns Ctrl-C into a returned 130 rather than raising it.
            if code == 130:
                raise KeyboardInterrupt()
            if isinstance(code, int) and code:
                sys.exit(code)
    except HarkError as exc:
        err.print(f"hark: error: {' '.join(exc.message.split())}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
    except OSError as exc:  # an output path that cannot be written: the user's to fix, not a crash
        where = f" {exc.filename}" if exc.filename else ""
        err.print(f"hark: error: cannot write{where}: {exc.strerror or exc}", markup=False, highlight=False,
                  soft_wrap=True)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        # The temporary files are gone by now (removed while the interrupt unwound). Leave at once:
        # a normal exit would join the synthesis threads, and a voice model still loading takes seconds.
        signum = _stopped_by or signal.SIGINT
        err.print("hark: terminated" if signum == signal.SIGTERM else "hark: aborted", markup=False)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(128 + signum)
    except Exception as exc:  # click's usage errors
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(2)
        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        raise


if __name__ == "__main__":
    main()
