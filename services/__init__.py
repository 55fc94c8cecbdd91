"""Domain logic with no Telegram import: callable from handlers, the CLI and tests alike."""
