-- Each org's share of open-weight model tokens on OpenRouter per month: among the month's top-10 open models and
-- among all open models ranked that month.
{{ monthly_inference_shares('org') }}
