-- New derivatives of tracked models by month of creation and root org (Hub namespace), with each one's share of the month.
{{ monthly_derivatives_with_shares('root_org') }}
