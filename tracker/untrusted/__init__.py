"""Untrusted content handled bounded: drawn, rendered or opened in a child process with limits.

A PDF to draw, a template to render or an archive to open can be built to take
minutes or gigabytes. None of that runs in a web worker: `run.run_bounded` starts
a child (`child.py`) under memory, CPU and wall-time limits, `slots` caps how many
run at once on a server, and `archives` measures what a zip really inflates to.
"""
