-- New derivatives of tracked models by month of creation and relation to the base (finetune, adapter, quantized, merge), with each one's share of the month.
{{ monthly_derivatives_with_shares('relation') }}
