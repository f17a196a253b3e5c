"""Reading: which files are articles, and each file's front matter, body and fields as its site's generator reads them."""
