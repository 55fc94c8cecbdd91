"""The content library as data (translations, explainers, surveys) and the code that loads it."""
