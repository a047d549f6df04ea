"""OpenRouter source: the model catalogue and the daily token rankings, paced to the API's request limits."""
