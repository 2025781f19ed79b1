"""The web editor: its configuration from the booklet schema, the local server of make edit, checked saves."""
