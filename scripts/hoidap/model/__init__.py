"""Booklets and pages as data: one block scan per document, the front matter, the booklet and quiz model, the
catalog, the docs tree. No MkDocs here."""
