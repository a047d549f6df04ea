-- New derivatives of tracked models by month of creation and root region, with each one's share of the month.
{{ monthly_derivatives_with_shares('root_region') }}
