"""Reading: which files are articles; each file's front matter, body and fields as its generator reads them."""
