"""Catalogue pages: ``standards`` (the catalogue, export and import) and ``scopes`` (备案);
the one ``urls.py`` maps them."""
