"""The use cases of Hark over one `Runtime`: the only place that chains the stages (source → narration).

The web API, the job runners and the CLI call these and translate their results and errors; nothing
here knows HTTP, a queue backend or a terminal.
"""
