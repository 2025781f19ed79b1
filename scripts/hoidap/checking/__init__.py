"""The checker: every check code turned into findings, the --fix rewrites that cannot lose text, and the checks of
links, raw HTML, SVG files and the docs folder."""
