"""``feedbuilder serve``: the site built for a local address, served over HTTP, rebuilt when files change."""
