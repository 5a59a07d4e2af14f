"""Batch assessment runs over the registry (issue 11): the registry read in columns, runs recorded with their
parameter digest and engine version."""
