"""The HTML report, redrawn from the published marts after each successful refresh."""


import datetime as dt
import os

import dagster as dg

from orchestration.publication.assets import PUBLISHED_KEY
from orchestration.resources import WarehouseResource
from report.figures import build_report
from report.page import svg_data_uri


REPORT_KEY = dg.AssetKey(["report", "adoption_report"])


@dg.asset(
    key=REPORT_KEY,
    deps=[PUBLISHED_KEY],
    # Redrawn whenever the published marts were replaced outside a refresh's run.
    automation_condition=dg.AutomationCondition.eager(),
    group_name="report",
    kinds={"html"},
    description=(
        "The ATOM Report's download and derivative figures as one HTML page: regions, the leading org, top models, "
        "size buckets, and the share of new derivatives by region and family."
    ),
)
def adoption_report(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Render the report from the published marts and replace the HTML file whole."""
    paths = warehouse.paths()
    report = build_report(str(paths.published), generated_at=dt.datetime.now(dt.timezone.utc))
    paths.report.parent.mkdir(parents=True, exist_ok=True)
    staging = paths.report.with_name(f".{paths.report.name}.tmp")
    staging.write_text(report.html, encoding="utf-8")
    os.replace(staging, paths.report)
    charts = "\n\n".join(
        f"### {section.heading}\n\n![{section.heading}]({svg_data_uri(section.svg)})"
        for section in report.sections
        if section.svg
    )
    notices = "".join(f"> **Note:** {notice}\n\n" for notice in report.notices)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(paths.report)),
            "chart": dg.MetadataValue.md(notices + charts),
        }
    )
