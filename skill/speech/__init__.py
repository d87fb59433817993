"""SSML rendering: every response is well formed and escaped, and read back as plain text."""
