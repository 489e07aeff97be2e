"""The `whomet` command line: index build/stats, ask, chat, meetings, eval, run."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from bot.config import MAX_K, Config, ConfigError

log = logging.getLogger("whomet")


class Failure(click.ClickException):
    """One clear sentence on stderr and exit code 2, never a traceback."""

    exit_code = 2


class Whomet(click.Group):
    """Any error a command meets ends as one sentence and exit 2; Ctrl-C ends with exit 130, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            raise click.exceptions.Exit(130) from None
        except Exception as exc:
            from bot.cli.failures import sentence

            log.debug("%s failed", ctx.invoked_subcommand, exc_info=exc)  # the traceback, with -v
            config = (ctx.obj or {}).get("config")
            raise Failure(" ".join(sentence(exc, config.index_dir if config else None).split())) from None


class OneLineTracebacks(logging.Formatter):
    """Without -v, a log record's exception (discord.py logs some) is named on the same line, not a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        exc_info, stack_info = record.exc_info, record.stack_info
        record.exc_info = record.stack_info = None
        try:
            text = super().format(record)
        finally:
            record.exc_info, record.stack_info = exc_info, stack_info
        if exc_info and exc_info[0] is not None:
            text += f" ({exc_info[0].__name__}: {' '.join(str(exc_info[1]).split())}; -v shows the traceback)"
        return text


def _setup_logging(verbose: bool) -> None:
    level = logging.DEBUG if verbose else logging.WARNING
    # The handler filters too: some libraries force their own loggers to DEBUG on import.
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=Console(stderr=True), show_time=False, show_path=False,
                                               level=level)
        handler.setFormatter((logging.Formatter if verbose else OneLineTracebacks)("%(message)s"))
    else:  # scripts and pipes: plain lines, and no rich import on every start
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(level)
        handler.setFormatter((logging.Formatter if verbose else OneLineTracebacks)("%(levelname)s %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])
    for noisy in ("faiss", "sentence_transformers", "bm25s", "httpx", "numba", "transformers", "discord",
                  "openai", "httpx2", "httpcore2"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # HTML extraction libraries log the page's own faults ("empty HTML tree"); the reader reports such a file itself.
    for html_library in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(html_library).setLevel(logging.DEBUG if verbose else logging.CRITICAL)


def _config(ctx: click.Context, index: str | None = None, corpus: str | None = None,
            generator: str | None = None) -> Config:
    cfg: Config = ctx.obj["config"]
    if index:
        cfg.index_dir = Path(index)
    if corpus:
        cfg.corpus_dir = Path(corpus)
    if generator:
        cfg.generator.kind = generator
    return cfg


def _engine(cfg: Config, build_if_missing: bool = True):
    """The engine over the index, built on first use; a locked, failed or unusable build ends in one sentence."""
    from bot.cli.progress import build_progress
    from bot.engine import Engine

    with build_progress() as progress:
        return Engine(cfg, build_if_missing=build_if_missing, progress=progress)


index_option = click.option("--index", "index", type=click.Path(file_okay=False), help="Index folder (default index/).")
json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")
k_option = click.option("-k", "k", type=click.IntRange(1, MAX_K), help="Passages to retrieve (default 5).")
generator_option = click.option("--generator", type=click.Choice(["extractive", "openai"]),
                                 help="Who writes answers: extractive (quoted sentences) or openai (the [generator] "
                                      "server; only grounded, cited sentences are kept). Overrides the config.")


@click.group(cls=Whomet, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML config file.")
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
@click.version_option(package_name="whomet")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, verbose: bool) -> None:
    """whomet: who met whom, when, where and about what, with sources."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # transformers' weight-loading bars follow this
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    _setup_logging(verbose)
    try:
        ctx.obj = {"config": Config.load(config_path)}
    except ConfigError as exc:
        raise Failure(str(exc)) from None


@cli.group("index")
def index_group() -> None:
    """Build and inspect the index."""


@index_group.command("build")
@click.option("--corpus", type=click.Path(file_okay=False), help="Corpus folder (default corpus/).")
@index_option
@click.option("--full", is_flag=True, help="Re-embed everything (and publish a new generation even if unchanged).")
@click.option("--allow-empty", is_flag=True, help="Build even when the corpus gives no articles (an empty index).")
@click.option("--ray", "ray_address", is_flag=False, flag_value="local", metavar="[ADDRESS]",
              help="Embed on a Ray cluster at ADDRESS (host:port or ray://host:port); alone, a local one "
                   "(needs `pip install 'whomet[ray]'`). Default: [build] ray_address, else this process.")
@json_option
@click.pass_context
def index_build(ctx, corpus, index, full, allow_empty, ray_address, as_json) -> None:
    """Build (or incrementally update) the index from the corpus; an unchanged corpus publishes nothing."""
    from bot.cli.progress import build_progress
    from bot.embed.embedder import ModelNotFound
    from bot.embed.worker import EmbedWorkerError
    from bot.index.build import build_index
    from bot.index.generations import BuildLocked, PointerMissing
    from bot.ingest.corpus_check import EmptyCorpus

    cfg = _config(ctx, index, corpus)
    ray = _ray_embedder(cfg, ray_address or cfg.ray_address)
    try:
        with build_progress(disable=as_json) as progress:
            report = build_index(cfg.corpus_dir, cfg.index_dir, cfg.model, cfg.build_precision, cfg.ann,
                                 full=full, progress=progress, allow_empty=allow_empty, qdrant=cfg.qdrant,
                                 embedder_factory=None if ray is None else (lambda model, precision: ray))
    except (BuildLocked, FileNotFoundError, ModelNotFound, EmbedWorkerError, EmptyCorpus, PointerMissing) as exc:
        raise Failure(str(exc)) from None
    finally:
        if ray is not None:
            ray.close()
    data = {"index": str(report.folder), "up_to_date": report.up_to_date,
            "articles": report.articles, "chunks": report.chunks,
            "embedded": report.embedded, "reused": report.reused, "vector_index": report.vector_index,
            "skipped": [{"path": p, "reason": r} for p, r in report.skipped],
            "seconds": {k: round(v, 3) for k, v in report.seconds.items()}}
    if as_json:
        click.echo(json.dumps(data))
        return
    from bot.cli.render import print_build

    print_build(data)


def _ray_embedder(cfg: Config, address: str | None):
    """A RayEmbedder connected to `address` before the build reads anything (None: embed in this process)."""
    if not address:
        return None
    from bot.embed.factory import resolve_precision
    from bot.embed.ray_embed import RayEmbedder, RayUnavailable

    try:
        return RayEmbedder(cfg.model, resolve_precision(cfg.build_precision), address.strip())
    except RayUnavailable as exc:
        raise Failure(str(exc)) from None


@index_group.command("restore")
@click.argument("generation", required=False)
@index_option
@click.pass_context
def index_restore(ctx, generation, index) -> None:
    """Point CURRENT at GENERATION (a gen-... folder), or at the newest intact one, after checking its files."""
    from bot.index.generations import BuildLocked, restore
    from bot.index.manifest import IndexUnusable

    cfg = _config(ctx, index)
    try:
        folder = restore(cfg.index_dir, generation)
    except (IndexUnusable, BuildLocked) as exc:
        raise Failure(str(exc)) from None
    if cfg.qdrant is not None:  # the alias follows CURRENT
        from bot.index import qdrant

        alias = cfg.qdrant.collection
        qdrant.switch_alias(qdrant.connect(cfg.qdrant), alias, qdrant.collection_for(alias, folder.name))
    click.echo(f"CURRENT now names {folder.name} in {cfg.index_dir}")


@index_group.command("stats")
@index_option
@json_option
@click.pass_context
def index_stats(ctx, index, as_json) -> None:
    """Show what the current index holds."""
    from bot.index.manifest import IndexUnusable
    from bot.index.reader import describe

    cfg = _config(ctx, index)
    try:
        data = describe(cfg.index_dir)
    except IndexUnusable as exc:
        raise Failure(str(exc)) from None
    if as_json:
        click.echo(json.dumps(data))
        return
    from bot.cli.render import print_stats

    print_stats(data)


@cli.command()
@click.argument("question")
@index_option
@json_option
@k_option
@generator_option
@click.pass_context
def ask(ctx, question, index, as_json, k, generator) -> None:
    """Answer one QUESTION from the archive, with numbered sources."""
    from bot.engine import QuestionError

    engine = _engine(_config(ctx, index, generator=generator))
    try:
        answer = engine.ask(question, k=k)
    except QuestionError as exc:
        raise Failure(str(exc)) from None
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        from bot.cli.render import print_answer

        print_answer(answer)


@cli.command()
@index_option
@k_option
@generator_option
@click.pass_context
def chat(ctx, index, k, generator) -> None:
    """Ask questions in a conversation; follow-ups like "And where?" keep the context. Ctrl-D to quit."""
    from bot.answer.chat import Conversation
    from bot.cli.render import console, print_answer
    from bot.engine import QuestionError

    engine = _engine(_config(ctx, index, generator=generator))
    conversation = Conversation()
    console.print("[dim]Ask about the archive; an empty line or Ctrl-D quits.[/dim]")
    while True:
        try:
            question = console.input("[bold cyan]you>[/bold cyan] ")
        except EOFError:  # Ctrl-D; Ctrl-C ends the command with exit 130 like every other
            break
        if not question.strip():
            break
        try:
            print_answer(engine.ask(question, conversation=conversation, k=k))
        except QuestionError as exc:
            console.print(f"[red]{exc}[/red]")


@cli.command()
@index_option
@json_option
@click.option("--person", help="Only meetings this person took part in (any spelling of the name).")
@click.option("--since", help="Only meetings on or after this date (yyyy-mm-dd or yyyy-mm).")
@click.option("--until", help="Only meetings on or before this date (yyyy-mm-dd or yyyy-mm, inclusive).")
@click.option("--plot", type=click.Path(dir_okay=False), metavar="FILE.png",
              help="Write a picture instead: a timeline, or with --person the people they met; prints its sources.")
@click.pass_context
def meetings(ctx, index, as_json, person, since, until, plot) -> None:
    """List extracted meetings as a timeline (dated first, undated last), or draw them with --plot."""
    from bot.answer.timeline import DateError, date_range

    try:
        date_range(since, until)
    except DateError as exc:
        raise Failure(str(exc)) from None
    if plot:
        from bot.cli.picture import PictureError, check_target, write_picture

        try:
            target = check_target(Path(plot))
            write_picture(_engine(_config(ctx, index)), target, person, since, until, as_json)
        except PictureError as exc:
            raise Failure(str(exc)) from None
        return
    events = _engine(_config(ctx, index)).meetings(person, since, until)  # the same path as the Discord bot's
    if not as_json:
        from bot.cli.render import print_meetings

        print_meetings(events)
        return
    for ev in events:
        click.echo(json.dumps(ev.to_json(), ensure_ascii=False))


@cli.command("eval")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False))
@index_option
@json_option
@k_option
@generator_option
@click.pass_context
def eval_cmd(ctx, questions, index, as_json, k, generator) -> None:
    """Run a QUESTIONS.jsonl file: one answer object per line, plus metrics where expectations are given."""
    from bot.cli.evaluate import load_questions, run_eval

    items = load_questions(Path(questions))  # the whole file is checked before anything is answered
    engine = _engine(_config(ctx, index, generator=generator))
    _, metrics = run_eval(engine, items, k=k,  # each answer is printed as soon as it is computed
                          on_row=lambda row: click.echo(json.dumps(row, ensure_ascii=False)))
    if metrics:
        if as_json:
            click.echo(json.dumps({"metrics": metrics}))
        else:
            from bot.cli.render import print_metrics

            print_metrics(metrics)


@cli.command("run")
@click.option("--config", "run_config", type=click.Path(dir_okay=False), help="TOML config file (with [discord]).")
@click.pass_context
def run_cmd(ctx, run_config: str | None) -> None:
    """Run the Discord bot (token from DISCORD_TOKEN or [discord] token_file)."""
    from bot.discord_bot import run_bot

    cfg = Config.load(run_config) if run_config else ctx.obj["config"]
    logging.getLogger("bot").setLevel(logging.INFO)
    ctx.exit(run_bot(cfg))


def main() -> None:
    """Run a command; every way it can end is an exit code, and a failure is one line on stderr."""
    try:
        result = cli.main(prog_name="whomet", standalone_mode=False)
    except click.UsageError as exc:  # bad option values, missing arguments: one line, not click's usage block
        where = f"; see `{exc.ctx.command_path} --help`" if exc.ctx is not None else ""
        click.echo(f"Error: {' '.join(exc.format_message().split()).rstrip('.')}{where}", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"Error: {' '.join(exc.format_message().split())}", err=True)
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        sys.exit(130)
    sys.exit(result if isinstance(result, int) else 0)
