"""Citations fit to print: no text in the shipped catalog names a file of the machine it was
written on, or how a figure was looked up in a code index.

The board report prints sources and notes in its appendix; a citation there names the public
source (title, publisher, URL, date) and, where useful, the public page the figure was read
from. The check reads the catalog as a user gets it, through the real loader, and scans every
text column of every shipped table.
"""

import re

import pytest
from sqlalchemy import String, select

from catalog.registry import FACT_TABLES
from catalog.workspace import Workspace

PUBLIC_URL = re.compile(r"https?://\S+")
"""A web address is what a citation should hold; only the text around it is checked."""

NOT_FIT_TO_PRINT = {
    "an absolute path": re.compile(r"(?<![\w.:/~])/[\w.-]+/\w"),
    "a home-folder path": re.compile(r"~[/\\]"),
    "a Windows drive path": re.compile(r"(?<!\w)[A-Za-z]:\\"),
    "a relative path": re.compile(r"(?<![\w.])(?:\.\.?|…)[/\\]"),
    # A path inside a public repository (`closed/Intel-HabanaLabs/systems/x.json` of MLPerf)
    # names a public file; a relative path from a machine's usual top folders does not.
    "a relative machine path": re.compile(
        r"(?<![\w.:/@-])(?:work|shared|research|home|tmp|Users|var|mnt|opt|srv)/[\w.-]+"
    ),
    "a network share path": re.compile(r"\\\\[\w.-]+\\"),
    "an environment-variable path": re.compile(r"(?:\$\{?\w+\}?|%\w+%)[/\\]"),
    "a file address": re.compile(r"\bfile:/", re.IGNORECASE),
    "a local .csv or .md file": re.compile(r"[\w*-]+\.(?:csv|md)\b", re.IGNORECASE),
    "a code-index artefact": re.compile(
        r"\b(?:index(?:ed)? (?:file )?ids?|file ids?|blob id|stored (?:\w+ )?index|code index"
        r"|looked up|search tool|this session|our corpora|catalog-sources)\b",
        re.IGNORECASE,
    ),
}
"""What a printed citation must not hold, by the reason the test gives."""


def reasons_unfit(text: str) -> list[str]:
    """Why `text` is not fit to print (empty when it is), each with the offending part."""
    outside_urls = PUBLIC_URL.sub(" ", text)
    return [
        f"{reason}: {match.group(0)!r}"
        for reason, pattern in NOT_FIT_TO_PRINT.items()
        for match in pattern.finditer(outside_urls)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "pricing pages cited per provider in /work/shared/catalog-sources/cloud_gpu_prices.csv",
        "pricing pages cited per provider in …/shared/catalog-sources/cloud_gpu_prices.csv",
        "as listed in catalog-sources/*.csv",
        "see ../research/anchors.md section 5.1",
        "from ~/prices/2026.xlsx",
        r"from C:\Users\me\prices.xlsx",
        "a saved copy at file:///tmp/page.html",
        "read via a third-party copy in the stored GitHub index (index file id 9990193600)",
        "version read: blob id 44390520341",
        "Vendor list prices (via model_api_prices.csv)",
        "BSI C5: no attestation evidence retrieved in this session",
        "notes kept in shared/research/anchors.txt",
        r"copied from \\fileserver\prices\gpu.xlsx",
        "see $HOME/prices/list.txt",
        r"see %USERPROFILE%\prices.xlsx",
    ],
)
def test_the_check_catches_paths_and_lookup_notes(text: str) -> None:
    assert reasons_unfit(text)


@pytest.mark.parametrize(
    "text",
    [
        "https://github.com/skypilot-org/skypilot-catalog/blob/master/catalogs/v7/aws/vms.csv",
        "https://github.com/NVIDIA/TensorRT-LLM/blob/00f37686/docs/source/perf-overview.md",
        "8x MI300X, 1.3 TB/s per GPU, 3/4 of layers, EUR 1.00/TB, and/or SXM/PCIe",
        "Qwen3-235B-A22B: 128 experts top-8 (config.json, max_position_embeddings 40960)",
    ],
)
def test_the_check_lets_public_citations_and_figures_through(text: str) -> None:
    assert reasons_unfit(text) == []


def test_no_shipped_text_holds_a_file_path_or_a_lookup_note(workspace: Workspace) -> None:
    problems, cells = [], 0
    with workspace.sessions() as session:
        for cls in FACT_TABLES:
            table = cls.__table__
            text_columns = [c for c in table.columns if isinstance(c.type, String)]
            keys = list(table.primary_key.columns)
            for row in session.execute(select(*keys, *text_columns)).mappings():
                key = "/".join(str(row[k.name]) for k in keys)
                for column in text_columns:
                    value = row[column.name]
                    cells += value is not None
                    problems += [
                        f"{table.name}[{key}].{column.name}: {reason}"
                        for reason in reasons_unfit(value or "")
                    ]
    assert cells > 1000, "the shipped catalog was scanned"
    assert problems == [], "\n".join(problems)
