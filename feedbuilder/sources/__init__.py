"""Reading: which files are articles, and each one's front matter, body and fields as its generator reads them."""
