"""A list and a form for every record kind."""
