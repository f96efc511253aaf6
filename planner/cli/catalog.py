"""`sovplan catalog …`: statistics, listing, import/export and price books."""

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from catalog.atomic import atomic_write_text
from catalog.codec import Value
from catalog.edits import import_table
from catalog.errors import CatalogError
from catalog.listing import list_rows
from catalog.pricebooks import (
    import_price_book,
    list_price_books,
    remove_price_book,
    render_price_book,
)
from catalog.registry import IMPORTABLE
from catalog.stats import CatalogStats, catalog_stats
from catalog.transfer import export_table, render_value
from planner.cli.common import open_from_args
from planner.cli.textfmt import format_table, json_text


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="catalog_command", required=True)

    stats = sub.add_parser("stats", help="rows per table and the share sourced and dated")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    stats.set_defaults(handler=_stats)

    listing = sub.add_parser("list", help="rows of one table")
    listing.add_argument("table", choices=list(IMPORTABLE), metavar="TABLE")
    listing.add_argument(
        "--where", action="append", default=[], metavar="FIELD=VALUE", help="filter (repeatable)"
    )
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=_list)

    imp = sub.add_parser("import", help="import a CSV or JSON table file (all-or-nothing)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--table", choices=list(IMPORTABLE), metavar="TABLE")
    imp.set_defaults(handler=_import)

    exp = sub.add_parser("export", help="export a table to CSV or JSON (by extension)")
    exp.add_argument("table", choices=list(IMPORTABLE), metavar="TABLE")
    exp.add_argument("file", type=Path)
    exp.set_defaults(handler=_export)

    books = sub.add_parser("pricebook", help="negotiated prices over the list prices")
    books_sub = books.add_subparsers(dest="pricebook_command", required=True)
    b_imp = books_sub.add_parser("import", help="add a price book from a CSV/JSON of entries")
    b_imp.add_argument("file", type=Path)
    b_imp.add_argument("--id", dest="book_id", help="book id (default: from the file name)")
    b_imp.add_argument("--name", help="display name (default: the file name)")
    b_imp.add_argument("--reference", help="contract or offer reference")
    b_imp.add_argument(
        "--as-of", type=_iso_date, default=None, help="date the prices hold (default: today)"
    )
    b_imp.set_defaults(handler=_book_import)
    b_list = books_sub.add_parser("list", help="price books in the workspace")
    b_list.add_argument("--json", action="store_true")
    b_list.set_defaults(handler=_book_list)
    b_rm = books_sub.add_parser("remove", help="remove a price book (list prices apply again)")
    b_rm.add_argument("book_id", metavar="ID")
    b_rm.set_defaults(handler=_book_remove)
    b_exp = books_sub.add_parser("export", help="write a price book's entries to CSV/JSON")
    b_exp.add_argument("book_id", metavar="ID")
    b_exp.add_argument("file", type=Path)
    b_exp.set_defaults(handler=_book_export)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _parse_where(items: list[str]) -> dict[str, str]:
    filters: dict[str, str] = {}
    for item in items:
        field, sep, value = item.partition("=")
        if not sep or not field:
            raise CatalogError(f"--where {item!r}: expected FIELD=VALUE")
        filters[field.strip()] = value
    return filters


def _stats_json(stats: CatalogStats, workspace: Path) -> dict[str, Any]:
    return {
        "workspace": str(workspace),
        "revision": stats.revision,
        "tables": {
            t.table: {"rows": t.rows, "sourced": t.sourced, "dated": t.dated} for t in stats.tables
        },
        "total_rows": stats.total_rows,
        "sourced_share": stats.sourced_share,
        "dated_share": stats.dated_share,
        "price_books": stats.price_books,
        "price_book_entries": stats.price_book_entries,
    }


def _stats(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.sessions() as session:
        stats = catalog_stats(session)
    if args.json:
        print(json_text(_stats_json(stats, ws.path)))
        return 0
    rows = [
        [
            t.table,
            str(t.rows),
            f"{t.sourced / t.rows:.0%}" if t.rows else "-",
            f"{t.dated / t.rows:.0%}" if t.rows else "-",
        ]
        for t in stats.tables
    ]
    print(f"Workspace {ws.path} (catalog revision {stats.revision})")
    print(format_table(["table", "rows", "sourced", "dated"], rows, right=frozenset({1, 2, 3})))
    print(
        f"{stats.total_rows} rows, {stats.sourced_share:.1%} sourced, {stats.dated_share:.1%} "
        f"dated; {stats.price_books} price book(s) with {stats.price_book_entries} entries"
    )
    return 0


def _json_value(value: Value) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _list(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.sessions() as session:
        rows = list_rows(session, args.table, _parse_where(args.where))
    if args.json:
        print(json_text([{k: _json_value(v) for k, v in r.items()} for r in rows]))
        return 0
    if not rows:
        print(f"no rows in {args.table} match")
        return 0
    headers = list(rows[0])
    print(format_table(headers, [[render_value(r[h]) for h in headers] for r in rows]))
    print(f"{len(rows)} row(s)")
    return 0


def _import(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        result = import_table(ws, args.file, args.table)
    print(f"imported {args.file}: {result}")
    return 0


def _export(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.sessions() as session:
        count = export_table(session, args.table, args.file)
    print(f"exported {count} row(s) of {args.table} to {args.file}")
    return 0


def _book_import(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.sessions.begin() as session:
        result = import_price_book(
            session,
            args.file,
            book_id=args.book_id,
            name=args.name,
            reference=args.reference,
            as_of=args.as_of or date.today(),
        )
    print(f"price book imported from {args.file}: {result.added} entries")
    return 0


def _book_list(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.sessions() as session:
        books = list_price_books(session)
    if args.json:
        print(
            json_text(
                [
                    {
                        "id": b.id,
                        "name": b.name,
                        "reference": b.reference,
                        "as_of": b.as_of.isoformat(),
                        "entries": b.entries,
                    }
                    for b in books
                ]
            )
        )
        return 0
    if not books:
        print("no price books: list prices apply")
        return 0
    rows = [[b.id, b.name, b.reference or "", b.as_of.isoformat(), str(b.entries)] for b in books]
    print(format_table(["id", "name", "reference", "as_of", "entries"], rows))
    return 0


def _book_remove(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.sessions.begin() as session:
        count = remove_price_book(session, args.book_id)
    print(f"removed price book {args.book_id} ({count} entries); list prices apply again")
    return 0


def _book_export(args: argparse.Namespace) -> int:
    suffix = args.file.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise CatalogError(f"{args.file}: unsupported file type {suffix!r}; use .csv or .json")
    with open_from_args(args) as ws, ws.sessions() as session:
        text = render_price_book(session, args.book_id, suffix)
    atomic_write_text(args.file, text)
    print(f"exported price book {args.book_id} to {args.file}")
    return 0
