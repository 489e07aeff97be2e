"""Rich terminal rendering of answers, build reports, index stats and eval metrics."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.records import Answer
from bot.text.invisible import for_display

console = Console()


def _safe(text: object) -> str:
    """Article text (or any value) as plain printable text: no escape sequences, bidi tricks or rich markup."""
    return escape(for_display(str(text)))


def print_answer(answer: Answer) -> None:
    style = "yellow" if answer.abstained else "bold"
    console.print(f"[{style}]{_safe(answer.answer)}[/{style}]")
    resolved = answer.resolved
    if resolved:
        console.print(f"[dim](understood as: {_safe(resolved)})[/dim]")
    if answer.citations:
        console.print()
        for c in answer.citations:
            meta = ", ".join(x for x in (c.date or "undated", c.source) if x)
            console.print(f"[cyan][{c.n}][/cyan] [bold]{_safe(c.title)}[/bold] [dim]({_safe(meta)})[/dim]")
            console.print(f'    "{_safe(c.quote)}"', style="italic")
    elif answer.passages:
        console.print("\n[dim]Closest passages:[/dim]")
        for p in answer.passages[:3]:
            text = p.text if len(p.text) < 300 else p.text[:297] + "…"
            console.print(f"[dim]- {_safe(p.doc_id)}:[/dim] {_safe(text)}")


def print_build(data: dict) -> None:
    if data.get("up_to_date"):
        console.print(f"[green]Index up to date[/green] at {_safe(data['index'])}: {data['articles']} articles, "
                      f"{data['chunks']} chunks; nothing changed, nothing published")
        return
    console.print(f"[green]Index built[/green] at {_safe(data['index'])}: {data['articles']} articles, "
                  f"{data['chunks']} chunks ({data['embedded']} embedded, {data['reused']} reused), "
                  f"{data['vector_index']} vectors, {data['seconds']['total']:.1f} s")
    for item in data["skipped"]:
        console.print(f"[yellow]skipped[/yellow] {_safe(item['path'])}: {_safe(item['reason'])}")


def print_stats(data: dict) -> None:
    table = Table(show_header=False, box=None)
    for key in ("folder", "model", "dim", "precision", "vector_index", "articles", "chunks", "created_at",
                "corpus_fingerprint", "bytes_on_disk"):
        table.add_row(f"[bold]{key}[/bold]", _safe(data.get(key)))
    console.print(table)
    for path, reason in data.get("skipped", []):
        console.print(f"[yellow]skipped at build[/yellow] {_safe(path)}: {_safe(reason)}")


def print_metrics(metrics: dict) -> None:
    table = Table(title="whomet eval")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("n", justify="right")
    for name, (value, n) in metrics.items():
        table.add_row(name, str(value) if isinstance(value, int) else f"{value:.3f}", str(n))
    console.print(table)


def print_meetings(events: list) -> None:
    if not events:
        console.print("[yellow]No meetings found.[/yellow]")
        return
    table = Table(title="Meetings in the archive", show_lines=False)
    for col in ("#", "date", "who", "what / where", "status", "sources"):
        table.add_column(col)
    for n, ev in enumerate(events, 1):  # the [n] of `--plot` pictures and of /meetings
        who = "\n".join(_safe(" ".join(x for x in (p.name, f"({p.role})" if p.role else "") if x))
                        for p in ev.participants)
        what = ", ".join(x for x in (ev.kind or "meeting", ev.place) if x)
        table.add_row(f"[{n}]", _safe(ev.date_iso or ev.date_text or "not given"), who, _safe(what),
                      _safe(ev.status or "?"), _safe(", ".join(ev.doc_ids)))
    console.print(table)


def print_picture(path: str, picture) -> None:
    """Where the picture went and what it shows, then its numbered sources: article, date, quoted sentence."""
    console.print(f"[green]Wrote[/green] {_safe(path)} ({picture.width}×{picture.height} px): "
                  f"{_safe(picture.title)}", soft_wrap=True)  # the path stays whole, to copy
    console.print(f"[dim]{_safe(picture.caption)}[/dim]")
    for s in picture.sources:
        meta = ", ".join(x for x in (s.date or "undated", s.path) if x)
        console.print(f"[cyan][{s.n}][/cyan] [bold]{_safe(s.title)}[/bold] [dim]({_safe(meta)})[/dim]")
        console.print(f'    "{_safe(s.quote)}"', style="italic")
