"""The release's CITATION.cff (Citation File Format 1.2.0): how to cite the data, and the method it follows."""

from __future__ import annotations

import datetime as dt
import json


def citation_cff(*, title: str, version: dt.date, released: dt.date) -> str:
    """The citation file of a release; strings are written as JSON strings, which YAML reads as they are."""
    quote = json.dumps
    return "\n".join([
        "cff-version: 1.2.0",
        f"message: {quote('If you use these data, please cite them as below, and The ATOM Report for the method.')}",
        "type: dataset",
        f"title: {quote(title)}",
        f"version: {quote(version.isoformat())}",
        f"date-released: {quote(released.isoformat())}",
        "authors:",
        f"  - name: {quote('ATOM open model ecosystem warehouse')}",
        "keywords:",
        "  - open language models",
        "  - Hugging Face downloads",
        "  - model adoption",
        "references:",
        "  - type: article",
        f"    title: {quote('The ATOM Report: Measuring the Open Language Model Ecosystem')}",
        "    authors:",
        "      - family-names: Lambert",
        "      - family-names: Brand",
        "    year: 2026",
        "    month: 4",
        f"    url: {quote('https://arxiv.org/abs/2604.07190')}",
        "    identifiers:",
        "      - type: other",
        f"        value: {quote('arXiv:2604.07190')}",
        "",
    ])
