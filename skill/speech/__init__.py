"""Words and markup: locale prompt files keyed by meaning, and safe SSML rendering."""
