-- The months in which one region's cumulative downloads passed another's (the paper's "China passed the U.S.").
{{ crossovers('downloads_by_region_monthly', 'region') }}
