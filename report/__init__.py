"""The warehouse's report: Plotly figures of the published marts on one offline HTML page, each with its data as CSV."""
