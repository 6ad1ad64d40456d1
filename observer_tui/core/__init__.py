"""The pure core: models, rubric loading, session storage and the clock.

Nothing in this package imports textual, so the CLI, the tests and the app share it.
"""
