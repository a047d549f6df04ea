"""The HTML report, redrawn from the published marts after each successful refresh."""


import datetime as dt

import dagster as dg

from orchestration.publication.assets import PUBLISHED_KEY
from orchestration.resources import WarehouseResource
from report.figures import build_report


REPORT_KEY = dg.AssetKey(["report", "adoption_report"])


@dg.asset(
    key=REPORT_KEY,
    deps=[PUBLISHED_KEY],
    # Redrawn whenever the published marts were replaced outside a refresh's run.
    automation_condition=dg.AutomationCondition.eager(),
    group_name="report",
    kinds={"html"},
    description=(
        "The ATOM Report's figures as one offline HTML page of interactive Plotly charts, each with its data as CSV: "
        "downloads by region, family and org, size buckets, top models, derivatives, inference share, the best open "
        "model against the best closed, and the Relative Adoption Metric."
    ),
)
def adoption_report(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Render the report from the published marts and replace the report folder whole."""
    paths = warehouse.paths()
    report = build_report(str(paths.published), generated_at=dt.datetime.now(dt.timezone.utc))
    report.write(paths.report.parent)
    notices = "".join(f"> **Note:** {notice}\n\n" for notice in report.notices)
    figures = "\n".join(
        f"- **{figure.heading}**{f' ({figure.label})' if figure.label else ''}{' (no data yet)' if figure.is_empty else ''}"
        f": `{figure.mart}`, `{paths.report.parent / figure.csv_path}`"
        for figure in report.figures
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(paths.report)),
            "figures": dg.MetadataValue.int(len(report.figures)),
            "figure_list": dg.MetadataValue.md(notices + figures),
        }
    )
