"""`python -m bot` is the same as the `peacebot` command."""

from bot.cli import main

main()
