-- The months in which one family's cumulative downloads passed another's (the paper's "Qwen passed Llama").
{{ crossovers('downloads_by_family_monthly', 'family') }}
