"""The peacebot application: settings, CLI, bot and dispatcher factory, middlewares, runners."""
