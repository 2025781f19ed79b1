"""The site: the MkDocs plugin (a thin adapter) and what it renders: pages, cards, listings, search, offline,
quizzes, link previews, the content allowlist and CSP."""
