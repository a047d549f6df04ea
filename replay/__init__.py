"""Loopback services that serve the bundled sample in the real services' shapes, for the demo, `make ui` and the
tests: the Hugging Face Hub API and its archive, OpenRouter, Artificial Analysis's daily reads, Epoch AI's CSV."""
