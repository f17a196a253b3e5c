"""Placing: every article's dates, address and id among the others (with the id record), and what each feed carries."""
