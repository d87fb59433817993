"""Shared pytest configuration. Plugins are listed here so every test in the suite gets them."""
pytest_plugins: list[str] = ["pytester", "tests.response_checks"]
