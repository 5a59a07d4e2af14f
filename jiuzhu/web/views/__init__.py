"""The staff pages. Every household page finds its household through `get_household_or_404`, so a
household outside the user's region or union subtree is "not found" (404) on every page."""
