"""A loopback server that speaks the Hugging Face Hub API and serves the bundled sample, for the demo and tests."""
